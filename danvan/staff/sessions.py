"""Server-side staff sessions: revocable, with an idle limit and an absolute limit.

The Flask session cookie of a signed-in staff member carries a random token; the
``staff_sessions`` table keeps only its SHA-256 (a leaked table holds no usable cookie) with the
account, the sign-in time, the last recorded activity and whether it has ended. Every request
that carries a token reads its row and compares the deadlines with the clock, so a signed-out,
disabled, idle or too-old session ends on every process at once, even for a copied cookie, and
nothing about a session lives in process memory.

Deadline of a session = min(last_seen + DANVAN_IDLE_TIMEOUT, created_at + DANVAN_MAX_SESSION).

Why the check is exact although the write is throttled: the check compares the stored
``last_seen`` with the clock on every request (no cache). Only the *write* that moves
``last_seen`` forward is throttled: page requests move it at most once per
``DANVAN_ACTIVITY_INTERVAL`` (60 s), so a busy editor does not cost one database write per click.
The price is that the deadline can be up to one interval earlier than "last request + idle
limit"; the prompt, ``/session/status`` and the no-JavaScript notice all show that same stored
deadline, so what staff are told is exactly what the server enforces. The explicit "stay signed
in" (``POST /session/keepalive``) always writes. Status polls never write.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, g, request, session
from flask_login import logout_user
from sqlalchemy import case, delete, select, update

from ..core.clock import utcnow
from ..core.database import rows_affected
from ..extensions import db
from .models import StaffSession, User

SESSION_KEY = "staff_sid"

# Why a session ended, as it appears in /login?reason=...
IDLE, EXPIRED, SIGNED_OUT, DISABLED = "idle", "expired", "signed_out", "disabled"

# Requests that must not extend a session: passive polls, and the keepalive that extends it itself.
NO_TOUCH_ENDPOINTS = {"static", "session.status", "session.keepalive", "health.healthz"}


@dataclass(frozen=True)
class SessionState:
    """A live staff session as one request saw it."""

    sid: str
    user: User
    created_at: datetime
    last_seen: datetime

    @property
    def idle_deadline(self) -> datetime:
        return self.last_seen + timedelta(seconds=current_app.config["IDLE_TIMEOUT"])

    @property
    def absolute_deadline(self) -> datetime:
        return self.created_at + timedelta(seconds=current_app.config["MAX_SESSION"])

    @property
    def deadline(self) -> datetime:
        """When the session ends unless something extends it."""
        return min(self.idle_deadline, self.absolute_deadline)

    @property
    def capped(self) -> bool:
        """True when the absolute limit, which nothing extends, is what ends it."""
        return self.absolute_deadline <= self.idle_deadline


def token_digest(token: str) -> str:
    """The table key for a cookie token."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User) -> str:
    """Record a new session for ``user`` and return the token to put in the cookie."""
    now = utcnow()
    token = secrets.token_urlsafe(32)
    # Rows older than the absolute limit are over whatever they say: drop them here, so the table
    # stays small without a scheduled job.
    too_old = now - timedelta(seconds=current_app.config["MAX_SESSION"]) - timedelta(days=1)
    db.session.execute(delete(StaffSession).where(StaffSession.created_at < too_old))
    db.session.add(
        StaffSession(id=token_digest(token), user_id=user.id, created_at=now, last_seen=now)
    )
    db.session.commit()
    return token


def end_session(sid: str, reason: str) -> None:
    """Mark a session ended (idempotent: the first reason recorded stays)."""
    db.session.execute(
        update(StaffSession)
        .where(StaffSession.id == sid, StaffSession.revoked.is_(False))
        .values(revoked=True, end_reason=reason)
    )
    db.session.commit()


def end_all_sessions(user: User, reason: str, keep: str | None = None) -> int:
    """End every session of ``user`` but ``keep`` (a session id), for a disabled account or a
    changed password; returns how many ended."""
    conditions = [StaffSession.user_id == user.id, StaffSession.revoked.is_(False)]
    if keep is not None:
        conditions.append(StaffSession.id != keep)
    result = db.session.execute(
        update(StaffSession).where(*conditions).values(revoked=True, end_reason=reason)
    )
    db.session.commit()
    return rows_affected(result)


def _still_valid(now: datetime):
    """SQL conditions under which a session may be extended at ``now``."""
    config = current_app.config
    return (
        StaffSession.revoked.is_(False),
        StaffSession.last_seen > now - timedelta(seconds=config["IDLE_TIMEOUT"]),
        StaffSession.created_at > now - timedelta(seconds=config["MAX_SESSION"]),
    )


def extend_session(sid: str, now: datetime, only_if_older_than: timedelta | None = None) -> bool:
    """Move ``last_seen`` to ``now`` if the session is still valid; True when it was extended.

    One conditional UPDATE: a session that expired or was revoked since it was read is never
    revived, and ``last_seen`` never moves backwards when requests race.
    """
    conditions = [StaffSession.id == sid, *_still_valid(now)]
    if only_if_older_than is not None:
        conditions.append(StaffSession.last_seen <= now - only_if_older_than)
    result = db.session.execute(
        update(StaffSession)
        .where(*conditions)
        .values(last_seen=case((StaffSession.last_seen < now, now), else_=StaffSession.last_seen))
    )
    db.session.commit()
    return rows_affected(result) == 1


def _end_reason(row: StaffSession | None, user: User | None, now: datetime) -> str | None:
    """Why the session in this row is over at ``now``, or None while it is live."""
    if row is None or user is None:
        return SIGNED_OUT
    if row.revoked:
        return row.end_reason or SIGNED_OUT
    if not user.active:
        return DISABLED
    config = current_app.config
    absolute = row.created_at + timedelta(seconds=config["MAX_SESSION"])
    idle = row.last_seen + timedelta(seconds=config["IDLE_TIMEOUT"])
    if now >= min(absolute, idle):
        return EXPIRED if absolute <= idle else IDLE
    return None


def check_request_session() -> None:
    """``before_request``: validate the staff session of this request, and extend it.

    Leaves ``g.staff_session`` (a SessionState) when it is live. When it is over, the cookie is
    emptied, the row is marked ended and ``g.staff_end_reason`` says why, for the sign-in page.
    """
    token = session.get(SESSION_KEY)
    if token is None or request.endpoint == "static":
        return
    sid = token_digest(str(token))
    now = utcnow()
    found = db.session.execute(
        select(StaffSession, User)
        .join(User, User.id == StaffSession.user_id)
        .where(StaffSession.id == sid)
    ).first()
    row, user = found if found else (None, None)
    reason = _end_reason(row, user, now)
    if reason is not None:
        if row is not None and not row.revoked:
            end_session(sid, reason)
        logout_user()
        session.clear()
        g.staff_end_reason = reason
        return
    assert row is not None and user is not None  # no reason to end it: both were found
    last_seen = row.last_seen
    interval = timedelta(seconds=current_app.config["ACTIVITY_INTERVAL"])
    if (
        request.endpoint not in NO_TOUCH_ENDPOINTS
        and now - last_seen >= interval
        and extend_session(sid, now, only_if_older_than=interval)
    ):
        last_seen = now
    g.staff_session = SessionState(
        sid=sid, user=user, created_at=row.created_at, last_seen=last_seen
    )


def current_session() -> SessionState | None:
    """The live staff session of this request, if any."""
    return g.get("staff_session")
