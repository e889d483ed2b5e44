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
