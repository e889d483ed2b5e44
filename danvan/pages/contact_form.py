"""The contact form's fields and its defences against scripts.

Three defences besides the cross-site check and the shared rate limit (``contact.py``): a
honeypot field that people never see (``website``: visually hidden, out of the tab order,
``aria-hidden``, no autocomplete) and scripts fill in; a signed time of the form's rendering
(``started``), so a post seconds after the page was drawn, or with a forged or missing time, is
refused; and the control-character check every field has (``core/forms.py``).
"""

from __future__ import annotations

import re
import time

from flask import current_app
from itsdangerous import BadSignature, TimestampSigner
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import ValidationError

from ..core.forms import SiteForm, text_rules
from ..core.input import CONTROL_CHARACTERS

# A person needs longer than this to type a message; a script posting the page at once does not.
MIN_SECONDS = 3
# A form older than this is refused too (its page was left open for days): send it again.
MAX_AGE = 2 * 24 * 3600
SALT = "danvan.contact-form"

BAD_EMAIL = "Địa chỉ email không hợp lệ: hãy nhập dạng ten@vi-du.vn."
HONEYPOT = (
    "Thư chưa được gửi: biểu mẫu có dấu hiệu được điền tự động. "
    "Vui lòng kiểm tra lại nội dung rồi bấm Gửi."
)
TOO_FAST = "Thư chưa được gửi: biểu mẫu được gửi quá nhanh. Vui lòng kiểm tra lại rồi bấm Gửi."
STALE = "Thư chưa được gửi: biểu mẫu đã cũ hoặc không hợp lệ. Vui lòng bấm Gửi lại."
# One @, something before it, a dot in the domain, no space: what a reply needs, not RFC 5322.
EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


def _signer() -> TimestampSigner:
    return TimestampSigner(current_app.config["SECRET_KEY"], salt=SALT)


def started_token(at: float | None = None) -> str:
    """The signed time the form was drawn (``at``, or now)."""
    signer = _signer()
    if at is not None:
        signer.get_timestamp = lambda: int(at)  # type: ignore[method-assign]
    return signer.sign("contact").decode()


def form_age(token: str) -> float | None:
    """Seconds since ``token`` was signed, or None when it is missing, forged or too old."""
    try:
        _, signed_at = _signer().unsign(token, max_age=MAX_AGE, return_timestamp=True)
    except (BadSignature, TypeError, ValueError):
        return None
    return time.time() - signed_at.timestamp()


def valid_email(form, field) -> None:
    """An address a reply can go to (roughly: ``name@domain.tld``)."""
    if field.data and not EMAIL.match(field.data.strip()):
        raise ValidationError(BAD_EMAIL)


class ContactForm(SiteForm):
    """What a resident writes to the committee."""

    class Meta:
        # No token: a resident has no session to bind one to; core/forgery.py refuses posts
        # from other sites' pages instead.
        csrf = False

    name = StringField(
        "Họ và tên",
        validators=text_rules(200, "Họ và tên dài tối đa 200 ký tự.", "Vui lòng nhập họ và tên."),
    )
    email = StringField(
        "Email",
        validators=text_rules(
            254, "Email dài tối đa 254 ký tự.", "Vui lòng nhập địa chỉ email.", valid_email
        ),
    )
    subject = StringField(
        "Tiêu đề",
        validators=text_rules(300, "Tiêu đề dài tối đa 300 ký tự.", "Vui lòng nhập tiêu đề."),
    )
    message = TextAreaField(
        "Nội dung",
        validators=text_rules(
            5000, "Nội dung dài tối đa 5000 ký tự.", "Vui lòng nhập nội dung thư."
        ),
    )
    website = StringField("Để trống ô này")
    started = HiddenField()

    def refusal(self) -> str | None:
        """Why the anti-script checks refuse this post (400), or None when they pass."""
        if self.website.data:
            return HONEYPOT
        age = form_age(self.started.data or "")
        if age is None:
            return STALE
        if age < MIN_SECONDS:
            return TOO_FAST
        return None

    def echo_typed_text(self) -> None:
        """Give the typed text back without the control characters that were refused (a NUL
        cannot be written into a page), and a fresh time for the next attempt."""
        for field in (self.name, self.email, self.subject, self.message):
            if isinstance(field.data, str):
                field.data = CONTROL_CHARACTERS.sub("", field.data)
        self.website.data = ""
        self.started.data = started_token()
