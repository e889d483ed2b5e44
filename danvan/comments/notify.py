"""Optional mail to a writer when the editors first answer their comment (``DANVAN_SMTP_*``).

The only use of the email a writer may leave. Sent from a background thread after the answer
is committed, with ``pages/notify.py: send`` (a mail server that is down only writes a log
line); without ``DANVAN_SMTP_HOST`` or without an email nothing is sent. Editing an answer sends
nothing more.
"""

from __future__ import annotations

import threading
from email.message import EmailMessage

from flask import current_app

from ..content.links import article_url
from ..content.models import Article
from ..extensions import db
from ..pages.notify import send


def answer_mail(config: dict, to: str, name: str, answer: str, article: Article, url: str):
    """The mail a writer gets: the editors' answer and where to read it."""
    mail = EmailMessage()
    mail["Subject"] = f"[Phản hồi] Ban biên tập đã trả lời: {article.title}"[:200]
    mail["From"] = config["SMTP_FROM"]
    mail["To"] = to
    mail.set_content(
        f"Chào {name},\n\nBan biên tập đã trả lời phản hồi của bạn dưới bài viết "
        f"“{article.title}”:\n\n{answer}\n\nXem tại: {url}#phan-hoi\n\n-- \n"
        "Bạn nhận thư này vì đã để lại email khi gửi phản hồi. Email không được hiển thị "
        "và bị xoá cùng phản hồi.\n"
    )
    return mail


def notify_writer(
    email: str | None, name: str, answer: str, article_id: int
) -> threading.Thread | None:
    """Mail the writer the answer from a background thread (None when nothing is sent)."""
    config = current_app.config
    article = db.session.get(Article, article_id)
    if not (config.get("SMTP_HOST") and config.get("SMTP_FROM") and email and article):
        return None
    settings = {key: config.get(key) for key in config if key.startswith("SMTP_")}
    mail = answer_mail(settings, email, name, answer, article, article_url(article, external=True))
    thread = threading.Thread(target=send, args=(settings, mail), name="answer-notice", daemon=True)
    thread.start()
    return thread
