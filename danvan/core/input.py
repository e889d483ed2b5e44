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

from flask import Flask, current_app, request

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
    if request.method in ("GET", "HEAD"):
        return  # no view reads the body of these (and parsing an empty form costs)
    yield from _pairs(request.form)
    for key, upload in request.files.items(multi=True):
        yield key
        yield upload.filename or ""


def checks_own_text(view):
    """Mark a view whose form refuses control characters itself, field by field, so that it
    can give the visitor's typed text back with the message (the contact form) instead of
    this hook's bare 400. Its path and query are still checked here."""
    view.checks_own_text = True
    return view


def refuse_control_characters():
    """``before_request``: the Vietnamese 400 when any of the request's text is unfit."""
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "checks_own_text", False):
        if has_control_characters(request.path) or any(
            has_control_characters(text) for text in _pairs(request.args)
        ):
            return render_error(400, CONTROL_MESSAGE)
        return None
    if any(has_control_characters(text) for text in request_texts()):
        return render_error(400, CONTROL_MESSAGE)
    return None


def init_app(app: Flask) -> None:
    """Check every request before its view (and before the staff session is touched)."""
    app.before_request(refuse_control_characters)
