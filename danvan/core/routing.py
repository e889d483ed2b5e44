"""Numbers read from URLs: ids the database can hold, page numbers that stay small."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, Map, ValidationError

# PostgreSQL's INTEGER (our id columns) ends here; SQLite's 64-bit one even later. An id past it
# cannot name a row, and handing it to the driver fails (OverflowError, NumericValueOutOfRange).
MAX_ID = 2_147_483_647
MAX_PAGE_DIGITS = 6


class IdConverter(IntegerConverter):
    """``<int:…>`` for the whole app: ASCII digits only, 1 to ``MAX_ID``; anything else is 404.

    Werkzeug's own accepts any Unicode decimal digit (``\\d``) and any size.
    """

    regex = r"[0-9]+"

    def __init__(self, map: Map, fixed_digits: int = 0, min: int = 1, max: int = MAX_ID) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max)

    def to_python(self, value: str) -> int:
        """The id, or ``ValidationError`` (no match) when it is too long to be one."""
        # int() of thousands of digits is slow and, past 4300, an error of its own.
        if len(value) > len(str(MAX_ID)):
            raise ValidationError()
        return super().to_python(value)


def page_number(raw: str | None) -> int:
    """``?page=N`` as a number; anything but a plain small ASCII number means page 1.

    ``str.isdigit`` alone accepts "²" and "①", which ``int`` then refuses.
    """
    raw = raw or "1"
    if raw.isascii() and raw.isdigit() and len(raw) <= MAX_PAGE_DIGITS:
        return max(int(raw), 1)
    return 1


def init_app(app: Flask) -> None:
    """Make every ``<int:…>`` in the app an ``IdConverter`` (before any route is added)."""
    app.url_map.converters["int"] = IdConverter
