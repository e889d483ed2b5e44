"""A browser known by a random id in a signed HttpOnly cookie, minted by its first action.

Reading a page mints nothing (a page any cache may serve sets no cookie, ``http_cache.py``):
the id is made when the browser first acts (a vote, a comment), kept in ``g`` for the rest of
the request (so a second use in it is the same id), and set on that answer by ``set_new``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import lru_cache

from flask import Response, current_app, g, request
from itsdangerous import BadSignature, URLSafeSerializer

ONE_YEAR = 365 * 24 * 3600


@lru_cache(maxsize=8)
def signed_id_serializer(secret_key: str, salt: str) -> URLSafeSerializer:
    """The cookie's serializer; building one test-serialises a value, so once per key."""
    return URLSafeSerializer(secret_key, salt=salt)


@dataclass(frozen=True)
class BrowserId:
    """The id cookie ``cookie``, signed with the app secret and ``salt``."""

    cookie: str
    salt: str
    max_age: int = ONE_YEAR

    def _serializer(self) -> URLSafeSerializer:
        return signed_id_serializer(current_app.config["SECRET_KEY"], self.salt)

    def token(self, create: bool = False) -> str | None:
        """This browser's id from its valid cookie; with ``create``, a new one when it has
        none (set on the response by ``set_new``); else None."""
        held = g.get(f"browser_id:{self.cookie}")
        if held is not None:
            return held
        try:
            token = self._serializer().loads(request.cookies.get(self.cookie, ""))
        except BadSignature:
            token = None
        if not isinstance(token, str) or not token:
            if not create:
                return None
            token = secrets.token_urlsafe(18)
            setattr(g, f"browser_id_new:{self.cookie}", True)
        setattr(g, f"browser_id:{self.cookie}", token)
        return token

    def set_new(self, response: Response) -> bool:
        """Set the cookie of an id this request made; True when it did."""
        if not g.pop(f"browser_id_new:{self.cookie}", False):
            return False
        response.set_cookie(
            self.cookie,
            self._serializer().dumps(g.get(f"browser_id:{self.cookie}")),
            max_age=self.max_age,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SECURE_COOKIES"],
        )
        return True
