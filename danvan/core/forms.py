"""Validators the site's forms share, with their Vietnamese messages given by each form."""

from __future__ import annotations

from typing import Any

from wtforms.validators import DataRequired, Length, ValidationError

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
