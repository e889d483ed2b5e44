"""The comment form: name, optional email, the comment, and a honeypot.

Derived from ``SiteForm`` without a token (a resident writes from a page a shared cache served,
with no session to bind one to; ``core/forgery.py`` refuses other sites' posts instead), like
the contact form. Every text field refuses control characters (``core/forms.py: text_rules``);
a name that reads as the committee's or its editors' is refused (``text.py``).
"""

from __future__ import annotations

from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import ValidationError

from ..core.forms import SiteForm, text_rules
from ..core.input import CONTROL_CHARACTERS
from ..pages.contact_form import valid_email
from .models import BODY_MAX, EMAIL_MAX, NAME_MAX
from .text import imitates_staff

STAFF_NAME = (
    "Tên này dễ bị hiểu là của Ban biên tập hoặc cán bộ quản trị. Vui lòng dùng họ tên của bạn."
)


def not_staff_name(form, field) -> None:
    """Refuse a name that imitates the committee or its staff ("Ban biên tập", "Admin")."""
    if field.data and imitates_staff(field.data):
        raise ValidationError(STAFF_NAME)


class CommentForm(SiteForm):
    """What a resident writes under an article."""

    class Meta:
        csrf = False  # see the module's docstring

    name = StringField(
        "Họ và tên",
        validators=text_rules(
            NAME_MAX,
            f"Họ và tên dài tối đa {NAME_MAX} ký tự.",
            "Vui lòng nhập họ và tên.",
            not_staff_name,
        ),
        id="phan-hoi-ten",  # ids of their own: the article page has other forms
    )
    email = EmailField(
        "Email (không bắt buộc, không hiển thị)",
        validators=text_rules(EMAIL_MAX, f"Email dài tối đa {EMAIL_MAX} ký tự.", None, valid_email),
        id="phan-hoi-email",
    )
    body = TextAreaField(
        "Ý kiến của bạn",
        validators=text_rules(
            BODY_MAX,
            f"Ý kiến dài tối đa {BODY_MAX} ký tự.",
            "Vui lòng nhập ý kiến của bạn.",
        ),
        id="phan-hoi-noi-dung",
    )
    # The honeypot: out of sight and out of the tab order; people leave it empty.
    website = StringField("Để trống ô này", id="phan-hoi-website")

    def cleaned(self) -> dict[str, str | None]:
        """The fields to store: trimmed; an empty email is none."""
        email = (self.email.data or "").strip()
        return {
            "name": self.name.data.strip(),
            "email": email or None,
            "body": self.body.data.strip(),
        }

    def echo_typed_text(self) -> None:
        """Give the typed text back without the refused control characters (a NUL cannot be
        written into a page) and with the honeypot emptied."""
        for field in (self.name, self.email, self.body):
            if isinstance(field.data, str):
                field.data = CONTROL_CHARACTERS.sub("", field.data)
        self.website.data = ""
