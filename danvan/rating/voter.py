"""Who votes: the signed-in staff member, or a visitor known by a random id in a signed cookie.

The id is minted by the visitor's first vote, not by reading: a page everyone may be served
from a shared cache sets no cookie (``core/http_cache.py``). ``personal_responses`` sets it with
``danvan_voted``, a marker holding nothing but "1" that scripts may read, so that a page served
from the cache knows to load the visitor's own vote (``static/js/site.js``) while the id itself
stays out of scripts' reach. The network a vote came from is counted by a keyed hash of its
address and the day, never the address itself.
"""

from __future__ import annotations

from typing import Literal, overload

from flask import Response, current_app, g, request
from flask_login import current_user
from itsdangerous import URLSafeSerializer

from ..core.browser_ids import BrowserId, signed_id_serializer
from ..core.hashing import keyed_hash

VOTER_COOKIE = "danvan_voter"
VOTED_MARKER_COOKIE = "danvan_voted"
VOTER_COOKIE_AGE = 365 * 24 * 3600


VOTER = BrowserId(VOTER_COOKIE, salt="danvan.rating.voter", max_age=VOTER_COOKIE_AGE)


def _serializer_for(secret_key: str) -> URLSafeSerializer:
    """The voter cookie's serializer for ``secret_key`` (bench/vote_tails.py signs with it)."""
    return signed_id_serializer(secret_key, VOTER.salt)


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
    token = VOTER.token(create)
    return f"visitor:{token}" if token is not None else None


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
    if VOTER.set_new(response):
        response.set_cookie(
            VOTED_MARKER_COOKIE,
            "1",
            max_age=VOTER_COOKIE_AGE,
            httponly=False,  # read by site.js; it says only that a voter cookie exists
            samesite="Lax",
            secure=current_app.config["SECURE_COOKIES"],
        )
    if g.get("rating_private"):
        response.headers["Cache-Control"] = "private, no-store"
        response.vary.add("Cookie")
    return response
