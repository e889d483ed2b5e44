"""What the site's forms share: the base form whose default messages are Vietnamese, the
text validators (their messages given by each form), a date and time typed the Vietnamese
way, and the browser-side twins of a field's messages."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError
from wtforms.widgets import TextInput

from .form_messages import TRANSLATIONS
from .input import has_control_characters

CONTROL_FIELD_MESSAGE = "Không được chứa ký tự điều khiển (ví dụ ký tự NUL)."


def no_control_characters(form, field) -> None:
    """Refuse C0 control characters (tab, LF and CR aside) and DEL in a text field.

    ``core/input.py`` already refuses them for the whole request; this keeps a form safe on its
    own (a form validated outside a request, or a future caller that skips the hook).
    """
    if isinstance(field.data, str) and has_control_characters(field.data):
        raise ValidationError(CONTROL_FIELD_MESSAGE)


def text_rules(max_length: int, too_long: str, required: str | None = None, *more: Any) -> list:
    """Validators of a text field: filled in (``required`` is the message when it is not) if
    ``required`` is given, free of control characters, at most ``max_length`` characters
    (``too_long`` otherwise), then ``more``."""
    rules: list[Any] = [DataRequired(required)] if required else []
    return [*rules, no_control_characters, Length(max=max_length, message=too_long), *more]


class SiteForm(FlaskForm):
    """Every form of the site: Flask-WTF's, with WTForms' default messages in Vietnamese
    (``core/form_messages.py``), so a validator or field without a message of its own never
    shows English. ``tests/core/test_forms.py`` requires every form to derive from it."""

    class Meta:
        def get_translations(self, form):
            """The Vietnamese catalogue, whatever the request's language."""
            return TRANSLATIONS


# Day/month/year and hour:minute, one or two digits each but the year, ASCII digits only; the
# server's check (fullmatch) and the browser's (an HTML pattern is matched whole) alike.
DATE_TIME_PATTERN = r"\s*([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\s+([0-9]{1,2}):([0-9]{2})\s*"
DATE_TIME_FORMAT = "%d/%m/%Y %H:%M"
DATE_PATTERN = r"\s*([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\s*"


class VietnamDateTimeField(Field):
    """A date and time typed as Vietnamese write them, ``25/12/2026 08:30``, into a text box.

    Not ``<input type="datetime-local">``: Chromium draws that control in the browser's own
    locale ("mm/dd/yyyy, --:-- --" in an English browser) and ignores the page's ``lang``, so a
    date the staff type would read month first. The text box reads the same in every browser
    and without JavaScript; the server parses it and says in Vietnamese what is wrong. ``data``
    is a naive ``datetime`` in the time zone the caller means (the editor: Vietnam).
    """

    widget = TextInput()
    data: Any  # a datetime (a date for VietnamDateField), or None when left empty
    pattern = DATE_TIME_PATTERN
    format = DATE_TIME_FORMAT
    placeholder = "ngày/tháng/năm giờ:phút"
    default_invalid = "Ngày giờ không hợp lệ: hãy nhập theo dạng ngày/tháng/năm giờ:phút."

    def __init__(
        self,
        label: str | None = None,
        validators: list | None = None,
        invalid: str | None = None,
        years: tuple[int, int] = (1900, 2999),
        **kwargs: Any,
    ) -> None:
        invalid = invalid or self.default_invalid
        render_kw = {
            "pattern": self.pattern,
            "placeholder": self.placeholder,
            "autocomplete": "off",
            "data-msg-pattern-mismatch": invalid,
            **kwargs.pop("render_kw", {}),
        }
        super().__init__(label, validators, render_kw=render_kw, **kwargs)
        self.invalid = invalid
        self.years = years

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime(self.format) if self.data else ""

    def process_formdata(self, valuelist: list) -> None:
        """Parse ``dd/mm/yyyy hh:mm``; empty is ``None``; anything else is ``invalid``."""
        text = valuelist[0] if valuelist else ""
        if not text.strip():
            self.data = None
            return
        match = re.fullmatch(self.pattern, text)
        if match is None:
            raise ValueError(self.invalid)
        day, month, year, *time = (int(part) for part in match.groups())
        if not self.years[0] <= year <= self.years[1]:
            raise ValueError(self.invalid)
        try:
            self.data = self._build(year, month, day, *time)
        except ValueError:  # 31/02, 25:00
            raise ValueError(self.invalid) from None

    def _build(self, year: int, month: int, day: int, *time: int) -> Any:
        hour, minute = time
        return datetime(year, month, day, hour, minute)


class VietnamDateField(VietnamDateTimeField):
    """A date typed ``25/12/2026`` (the reasons of ``VietnamDateTimeField``); ``data`` is a
    ``date``."""

    pattern = DATE_PATTERN
    format = "%d/%m/%Y"
    placeholder = "ngày/tháng/năm"
    default_invalid = "Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm (ví dụ 25/12/2026)."

    def _build(self, year: int, month: int, day: int, *time: int) -> Any:
        return date(year, month, day)


def constraint_messages(field: Field) -> dict[str, str]:
    """The ``data-msg-…`` attributes that give the browser's check (``static/js/forms.js``)
    the field's own messages: the same words before sending as the server's after."""
    messages: dict[str, str] = {}
    for validator in field.validators:
        message = getattr(validator, "message", None)
        if not isinstance(message, str):
            continue
        if isinstance(validator, DataRequired | InputRequired):  # FileRequired is one
            messages["data-msg-value-missing"] = message
        # A message written for one bound only ("at most 500"): never shown for the other.
        elif isinstance(validator, Length) and validator.min == -1:
            messages["data-msg-too-long"] = message
        elif isinstance(validator, Length) and validator.max == -1:
            messages["data-msg-too-short"] = message
    return messages
