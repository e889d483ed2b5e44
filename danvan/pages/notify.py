"""Optional mail to staff when a resident's message arrives (``DANVAN_SMTP_*``).

The message is already stored and the visitor already thanked when the mail is sent: it goes
from a background thread, and a mail server that is down, slow or refuses only writes a line
to the log. Without ``DANVAN_SMTP_HOST`` nothing is sent; staff read the inbox.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from email.message import EmailMessage
from typing import Any

from flask import current_app

log = logging.getLogger("danvan.pages.notify")

TIMEOUT = 10  # seconds: a thread that waits on a dead server must end


def notice(config: dict[str, Any], fields: dict[str, str], inbox_url: str) -> EmailMessage:
    """The notice staff get: who wrote, about what, and where to read it."""
    mail = EmailMessage()
    mail["Subject"] = f"[Liên hệ] {fields['subject']}"[:200]
    mail["From"] = config["SMTP_FROM"]
    mail["To"] = ", ".join(config["SMTP_TO"])
    # The sender's address as Reply-To, so staff answer with one click; it was checked by the
    # form (one @, no space) and the email package refuses line breaks in headers.
    mail["Reply-To"] = fields["email"]
    mail.set_content(
        f"Có thư mới gửi qua trang Liên hệ.\n\n"
        f"Họ và tên: {fields['name']}\nEmail: {fields['email']}\nTiêu đề: {fields['subject']}\n\n"
        f"{fields['message']}\n\n-- \nĐọc và đánh dấu đã xử lý: {inbox_url}\n"
    )
    return mail


def send(config: dict[str, Any], mail: EmailMessage) -> bool:
    """Send ``mail`` with the configured server; False (and a log line) when it fails."""
    try:
        with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=TIMEOUT) as server:
            if config["SMTP_TLS"]:
                server.starttls()
            if config.get("SMTP_USER"):
                server.login(config["SMTP_USER"], config.get("SMTP_PASSWORD") or "")
            server.send_message(mail)
    except (OSError, smtplib.SMTPException) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        log.warning("contact notice not sent: %s", reason)
        return False
    log.info("contact notice sent to %d address(es)", len(config["SMTP_TO"]))
    return True


def notify_staff(fields: dict[str, str], inbox_url: str) -> threading.Thread | None:
    """Mail staff about a new message from a background thread (None when SMTP is not set)."""
    config = current_app.config
    if not config.get("SMTP_HOST"):
        return None
    settings = {key: config.get(key) for key in config if key.startswith("SMTP_")}
    mail = notice(settings, fields, inbox_url)
    thread = threading.Thread(
        target=send, args=(settings, mail), name="contact-notice", daemon=True
    )
    thread.start()
    return thread
