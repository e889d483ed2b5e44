"""Who wrote a comment, as far as withdrawing it goes: a random id in a signed HttpOnly cookie.

The cookie (``danvan_writer``) is minted by a browser's first comment, never by reading, so a
page any cache may serve sets none (``core/http_cache.py``). The comment stores only a keyed
hash of the id (``writer_key``): the database cannot tell which browser wrote what, and the
browser that holds the cookie can withdraw its own pending comments. The cookie lives a year.
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from typing import Literal, overload

from flask import Response, current_app, g, request
from itsdangerous import BadSignature, URLSafeSerializer

from ..core.hashing import keyed_hash

WRITER_COOKIE = "danvan_writer"
WRITER_COOKIE_AGE = 365 * 24 * 3600


@lru_cache(maxsize=4)
def _serializer_for(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt="danvan.comments.writer")


def _serializer() -> URLSafeSerializer:
    return _serializer_for(current_app.config["SECRET_KEY"])


def _token_from_cookie() -> str | None:
    try:
        token = _serializer().loads(request.cookies.get(WRITER_COOKIE, ""))
    except BadSignature:
        return None
    return token if isinstance(token, str) and token else None


@overload
def writer_key(create: Literal[True]) -> str: ...


@overload
def writer_key(create: bool = False) -> str | None: ...


def writer_key(create: bool = False) -> str | None:
    """The keyed hash of this browser's writer id; with ``create``, a browser without a valid
    cookie gets a new id now (the cookie is set on the response)."""
    token = g.get("comment_writer_token") or _token_from_cookie()
    if token is None:
        if not create:
            return None
        token = secrets.token_urlsafe(18)
        g.comment_new_writer = True
    g.comment_writer_token = token
    return keyed_hash("comment-writer", token)


def set_writer_cookie(response: Response) -> Response:
    """``after_request``: give a browser that just wrote its first comment its writer cookie."""
    if g.pop("comment_new_writer", False):
        response.set_cookie(
            WRITER_COOKIE,
            _serializer().dumps(g.comment_writer_token),
            max_age=WRITER_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SECURE_COOKIES"],
        )
    return response
