"""Who wrote a comment, as far as withdrawing it goes: a random id in a signed HttpOnly cookie.

The cookie (``danvan_writer``) is minted by a browser's first comment, never by reading, so a
page any cache may serve sets none (``core/http_cache.py``). The comment stores only a keyed
hash of the id (``writer_key``): the database cannot tell which browser wrote what, and the
browser that holds the cookie can withdraw its own pending comments. The cookie lives a year.
"""

from __future__ import annotations

from typing import Literal, overload

from flask import Response

from ..core.browser_ids import BrowserId
from ..core.hashing import keyed_hash

WRITER_COOKIE = "danvan_writer"
WRITER = BrowserId(WRITER_COOKIE, salt="danvan.comments.writer")


@overload
def writer_key(create: Literal[True]) -> str: ...


@overload
def writer_key(create: bool = False) -> str | None: ...


def writer_key(create: bool = False) -> str | None:
    """The keyed hash of this browser's writer id; with ``create``, a browser without a valid
    cookie gets a new id now (the cookie is set on the response)."""
    token = WRITER.token(create)
    return keyed_hash("comment-writer", token) if token is not None else None


def set_writer_cookie(response: Response) -> Response:
    """``after_request``: give a browser that just wrote its first comment its writer cookie."""
    WRITER.set_new(response)
    return response
