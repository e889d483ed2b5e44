"""Who votes: the signed-in staff member, or a visitor known by a random id in a signed cookie.

The id is minted by the visitor's first vote, not by reading: a page everyone may be served
from a shared cache sets no cookie (``core/http_cache.py``). ``personal_responses`` sets it with
``danvan_voted``, a marker holding nothing but "1" that scripts may read, so that a page served
from the cache knows to load the visitor's own vote (``static/js/site.js``) while the id itself
stays out of scripts' reach. The network a vote came from is counted by a keyed hash of its
address and the day, never the address itself.
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from typing import Literal, overload

from flask import Response, current_app, g, request
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from ..core.hashing import keyed_hash

VOTER_COOKIE = "danvan_voter"
VOTED_MARKER_COOKIE = "danvan_voted"
VOTER_COOKIE_AGE = 365 * 24 * 3600


def _voter_serializer() -> URLSafeSerializer:
    return _serializer_for(current_app.config["SECRET_KEY"])


@lru_cache(maxsize=4)
def _serializer_for(secret_key: str) -> URLSafeSerializer:
    # Building a serializer test-serialises a value; once per key is enough.
    return URLSafeSerializer(secret_key, salt="danvan.rating.voter")


@overload
def current_voter_key(create: Literal[True]) -> str: ...


@overload
def current_voter_key(create: bool = False) -> str | None: ...


def current_voter_key(create: bool = False) -> str | None:
    """The voter of this request: the signed-in staff user, else the visitor cookie's id.

    With ``create`` (a vote being recorded), a visitor without a valid cookie gets a new random
    id now, and the cookie is set on the response.
    """
    if current_user.is_authenticated:
        return f"staff:{current_user.get_id()}"
    token = g.get("rating_voter_token")
    if token is None:
        try:
            token = _voter_serializer().loads(request.cookies.get(VOTER_COOKIE, ""))
        except BadSignature:
            token = None
        if not isinstance(token, str) or not token:
            if not create:
                return None
            token = secrets.token_urlsafe(18)
            g.rating_new_voter = True
        g.rating_voter_token = token
    return f"visitor:{token}"


def hash_ip(address: str, day: str) -> str:
    """A keyed hash of the address for one day: counts a network without storing its address."""
    return keyed_hash("rating-ip", day, address)


def client_address() -> str:
    """The client's address (ProxyFix has already applied ``DANVAN_PROXIES``)."""
    return request.remote_addr or "unknown"


def keep_private() -> None:
    """Mark this response as showing a personal vote: no shared cache may keep it."""
    g.rating_private = True


def personal_responses(response: Response) -> Response:
    """``after_request``: set a new visitor's voter cookie; keep pages that show a personal vote
    out of shared caches."""
    if g.pop("rating_new_voter", False):
        secure = current_app.config["SECURE_COOKIES"]
        response.set_cookie(
            VOTER_COOKIE,
            _voter_serializer().dumps(g.rating_voter_token),
            max_age=VOTER_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=secure,
        )
        response.set_cookie(
            VOTED_MARKER_COOKIE,
            "1",
            max_age=VOTER_COOKIE_AGE,
            httponly=False,  # read by site.js; it says only that a voter cookie exists
            samesite="Lax",
            secure=secure,
        )
    if g.get("rating_private"):
        response.headers["Cache-Control"] = "private, no-store"
        response.vary.add("Cookie")
    return response
