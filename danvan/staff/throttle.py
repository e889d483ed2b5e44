"""Sign-in throttling, counted in the database before a password is checked.

Every process shares the database, so the limits are exact across processes and hosts with the
default settings (Redis, when configured, is not needed for them). An attempt is counted with
one atomic upsert per key *before* the password is checked and committed at once, so of any
number of parallel attempts at most ``LIMIT`` per minute reach the password check.

Keys, after OWASP's authentication cheat sheet: a request bearing a valid device cookie for
the account (set by an earlier successful sign-in on that browser) is counted per device only,
so strangers failing for the account cannot lock its owner out; every other request is counted
per address and per account. Keys are HMACs with the app secret: nothing raw is stored.
"""

from __future__ import annotations

import math
import secrets
import time
from dataclasses import dataclass
from functools import lru_cache

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, select, update
from werkzeug.wrappers import Response

from ..core.database import dialect_insert, in_write_turn
from ..core.hashing import keyed_hash
from ..extensions import db
from .models import SignInAttempt, User

LIMIT = 5
WINDOW = 60  # seconds
DEVICE_COOKIE = "danvan_staff_device"
DEVICE_COOKIE_AGE = 365 * 24 * 3600
_DEVICE_SALT = "danvan.staff.device"
# Seconds an attempt may wait for others' checks in progress (which would make room if they
# succeed). The wait ends as soon as they finish, a fraction of a second each; the budget only
# matters on a loaded machine, where 2 s refused one of eight colleagues signing in at once.
WAIT_FOR_PENDING = 10.0
PENDING_POLL = 0.1


@dataclass(frozen=True)
class Attempt:
    """One counted sign-in attempt: its keys, its window, and whether it was refused."""

    keys: tuple[str, ...] = ()
    window: int = 0
    refused: bool = False
    retry_after: int = 0
    device: str | None = None  # the device token the request proved, if any


def count_attempt(username: str) -> Attempt:
    """Count an attempt to sign in as ``username`` before its password is checked.

    Refused (``refused``) when any of its keys has had more than ``LIMIT`` attempts in the
    last minute. A refused attempt is given back at once, and so is a successful one
    (``settle_attempt``): only failed passwords use up the limit, so waiting ``retry_after``
    seconds is enough, and colleagues behind one office address can all sign in.
    """
    if not current_app.config["RATELIMIT_ENABLED"]:
        return Attempt()
    device = _known_device(username)
    keys: tuple[str, ...]
    if device is not None:
        keys = (_key("device", device),)
    else:
        keys = (_key("address", request.remote_addr or "unknown"), _key("account", username))
    # Sorted: two transactions always lock rows in the same order, so PostgreSQL cannot deadlock.
    keys = tuple(sorted(keys))
    deadline = time.monotonic() + WAIT_FOR_PENDING
    while True:
        now = time.time()
        window = int(now // WINDOW)
        elapsed = now - window * WINDOW
        refused, worth_waiting = _try(keys, window, (WINDOW - elapsed) / WINDOW)
        if not (refused and worth_waiting and time.monotonic() < deadline):
            break
        # Refused only because other attempts are still being checked (8 colleagues pressing
        # "Đăng nhập" at once): their successes are given back within a password check's time.
        time.sleep(PENDING_POLL)
    retry_after = max(1, min(WINDOW, math.ceil(WINDOW - elapsed)))
    return Attempt(keys, window, refused, retry_after, device)


@in_write_turn
def settle_attempt(attempt: Attempt, succeeded: bool) -> None:
    """Record the password check's outcome: a failure keeps counting, a success is given back."""
    if attempt.keys and not attempt.refused:
        _give_back(attempt.keys, attempt.window, attempts=1 if succeeded else 0)
        db.session.commit()


@in_write_turn  # a flood of refused attempts must not keep votes and counts waiting
def _try(keys: tuple[str, ...], window: int, weight: float) -> tuple[bool, bool]:
    """Count one attempt on every key, committed; give it back if refused.

    Returns ``(refused, worth_waiting)``: the latter when the attempt would fit once the
    attempts still being checked turn out to be successes.
    """
    refused = opened = False
    worth_waiting = True
    for key in keys:
        used, pending = _increment(key, window)
        opened = opened or used == 1
        previous = db.session.scalar(
            select(SignInAttempt.attempts).where(
                SignInAttempt.key_hash == key, SignInAttempt.minute == window - 1
            )
        )
        # A sliding minute: the previous window weighs what is left of it, so a burst across
        # the boundary between two windows gets no second allowance.
        earlier = (previous or 0) * weight
        if used + earlier > LIMIT:
            refused = True
            # Settled failures (``used - pending``, this attempt excluded) plus this one.
            worth_waiting = worth_waiting and used - pending + earlier + 1 <= LIMIT
    if refused:
        _give_back(keys, window, attempts=1)
    db.session.commit()
    if opened and not refused:
        _purge(window)  # at most once a minute per key: the table holds two minutes
    return refused, worth_waiting


def remember_device(response: Response, attempt: Attempt, user: User) -> None:
    """Set the signed device cookie that lets this browser past a lock-out of ``user``."""
    token = attempt.device or secrets.token_urlsafe(18)
    response.set_cookie(
        DEVICE_COOKIE,
        _serializer().dumps({"u": user.id, "d": token}),
        max_age=DEVICE_COOKIE_AGE,
        path="/login",  # only the sign-in form reads it
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SECURE_COOKIES"],
    )


def _known_device(username: str) -> str | None:
    """The device token of a valid device cookie for the account ``username``, else None."""
    value = request.cookies.get(DEVICE_COOKIE)
    if not value:
        return None
    try:
        payload = _serializer().loads(value, max_age=DEVICE_COOKIE_AGE)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("d"), str):
        return None
    user_id = db.session.scalar(select(User.id).where(User.username == username.strip()))
    return payload["d"] if user_id is not None and payload.get("u") == user_id else None


def _key(kind: str, value: str) -> str:
    if kind == "account":
        value = value.strip().lower()[:80]
    return keyed_hash("sign-in", kind, value)


def _increment(key: str, window: int) -> tuple[int, int]:
    """Add 1 attempt, pending its check, to the key's window; return the new ``(attempts,
    pending)``, in one atomic statement."""
    table = SignInAttempt.__table__
    statement = dialect_insert(table).values(key_hash=key, minute=window, attempts=1, pending=1)
    statement = statement.on_conflict_do_update(
        index_elements=["key_hash", "minute"],
        set_={"attempts": table.c.attempts + 1, "pending": table.c.pending + 1},
    ).returning(table.c.attempts, table.c.pending)
    used, pending = db.session.execute(statement).one()
    return used, pending


def _give_back(keys: tuple[str, ...], window: int, attempts: int) -> None:
    """The attempt is no longer pending; ``attempts=1`` also stops it counting."""
    db.session.execute(
        update(SignInAttempt)
        .where(SignInAttempt.key_hash.in_(keys), SignInAttempt.minute == window)
        .values(attempts=SignInAttempt.attempts - attempts, pending=SignInAttempt.pending - 1)
    )


def _purge(window: int) -> None:
    """Delete windows that no longer count (older than the previous minute)."""
    db.session.execute(delete(SignInAttempt).where(SignInAttempt.minute < window - 1))
    db.session.commit()


def _serializer() -> URLSafeTimedSerializer:
    return _serializer_for(current_app.config["SECRET_KEY"])


@lru_cache(maxsize=4)
def _serializer_for(secret_key: str) -> URLSafeTimedSerializer:
    # Building a serializer test-serialises a value; once per key is enough.
    return URLSafeTimedSerializer(secret_key, salt=_DEVICE_SALT)
