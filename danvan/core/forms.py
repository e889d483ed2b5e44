"""Validators the site's forms share, with their Vietnamese messages given by each form."""

from __future__ import annotations

from typing import Any

from wtforms.validators import DataRequired, Length


def text_rules(max_length: int, too_long: str, required: str | None = None, *more: Any) -> list:
    """Validators of a text field: filled in (``required`` is the message when it is not) if
    ``required`` is given, at most ``max_length`` characters (``too_long`` otherwise), then
    ``more``."""
    rules: list[Any] = [DataRequired(required)] if required else []
    return [*rules, Length(max=max_length, message=too_long), *more]
