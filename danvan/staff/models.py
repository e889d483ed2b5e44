"""Staff accounts and their sign-ins, as stored."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, validates

from ..core.clock import utcnow
from ..core.database import UTCDateTime
from ..extensions import Model


class StaffRole(enum.StrEnum):
    """What a staff member may do: editors manage content, admins also manage accounts."""

    EDITOR = "editor"
    ADMIN = "admin"


class User(UserMixin, Model):
    """A staff account (cán bộ). Residents never have accounts."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), default=StaffRole.EDITOR.value)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive (disabled) accounts
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == StaffRole.ADMIN.value

    @validates("role")
    def _check_role(self, key: str, value: str) -> str:
        return StaffRole(value).value


class StaffSession(Model):
    """One sign-in of a staff account, identified by the hash of the token in its cookie."""

    __tablename__ = "staff_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked: Mapped[bool] = mapped_column(default=False)
    end_reason: Mapped[str | None] = mapped_column(String(20))


class SignInAttempt(Model):
    """Sign-in attempts counted for one key in one minute (danvan/staff/throttle.py).

    The key is a keyed hash (HMAC with the app secret) of an address, an account name or a
    device, so no address or guessed name is ever stored.
    """

    __tablename__ = "sign_in_attempts"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Minutes since the Unix epoch: the window the attempts fell in.
    minute: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    attempts: Mapped[int] = mapped_column(default=0)
    # Of those, how many are still having their password checked.
    pending: Mapped[int] = mapped_column(default=0)
