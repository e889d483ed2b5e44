"""The ``uploads`` table: every image staff uploaded, as stored under instance/uploads/."""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.clock import utcnow
from ..core.database import UTCDateTime
from ..extensions import Model

UPLOADS_FOLDER = "uploads"


class Upload(Model):
    """An uploaded image as stored: ``name`` is ``<hash>.webp`` under instance/uploads/."""

    __tablename__ = "uploads"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    original_name: Mapped[str] = mapped_column(String(300), default="")
    width: Mapped[int]
    height: Mapped[int]
    size: Mapped[int]
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def path(self) -> str:
        """The path Banner.image stores for an uploaded image."""
        return f"{UPLOADS_FOLDER}/{self.name}"

    @property
    def url(self) -> str:
        return url_for("media.upload", name=self.name)
