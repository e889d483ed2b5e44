"""Control characters are refused at the door: in the path, the query, the form, file names.

PostgreSQL cannot store NUL in text (the driver raises, a 500), SQLite stores it silently, and
no other C0 character or DEL belongs in anything a person types here. One check before every
view answers a clear Vietnamese 400 and nothing is written. Tab, line feed and carriage return
stay allowed: they are how multi-line fields (an article's body and summary) are typed; the
single-line fields' own validators decide what else they accept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from flask import Flask, request

from .errors import render_error

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_MESSAGE = (
    "Dữ liệu gửi lên có ký tự điều khiển không hợp lệ (ví dụ ký tự NUL). "
    "Vui lòng xóa các ký tự đó rồi thử lại."
)


def has_control_characters(text: str) -> bool:
    """True when ``text`` holds a C0 control character other than tab, LF, CR, or DEL."""
    return CONTROL_CHARACTERS.search(text) is not None


def _pairs(multidict) -> Iterator[str]:
    for key, value in multidict.items(multi=True):
        yield key
        yield value


def request_texts() -> Iterable[str]:
    """Every piece of text this request brings: path, query, form fields, uploads' names."""
    yield request.path
    yield from _pairs(request.args)
    yield from _pairs(request.form)
    for key, upload in request.files.items(multi=True):
        yield key
        yield upload.filename or ""


def refuse_control_characters():
    """``before_request``: the Vietnamese 400 when any of the request's text is unfit."""
    if any(has_control_characters(text) for text in request_texts()):
        return render_error(400, CONTROL_MESSAGE)
    return None


def init_app(app: Flask) -> None:
    """Check every request before its view (and before the staff session is touched)."""
    app.before_request(refuse_control_characters)
