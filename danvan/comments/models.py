"""The comments table ("Phản hồi"): what residents write under an article, moderated by staff.

A comment is stored as the plain text typed (shown escaped, links marked ``nofollow ugc``), with
no address or User-Agent: ``writer_key`` is a keyed hash of the writer's browser id (the signed
writer cookie) and lets that browser withdraw its own pending comment, nothing more. ``email`` is
never shown; it goes when the comment goes. ``articles.comment_count`` counts the approved ones
and is moved only by relative increments in the transaction that changes a status
(``moderation.py``).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..core.clock import utcnow
from ..core.database import UTCDateTime
from ..extensions import Model

BODY_MAX = 3000
NAME_MAX = 100
EMAIL_MAX = 254


class CommentStatus(enum.StrEnum):
    """Where a comment is in moderation."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Comment(Model):
    """A resident's comment on an article and, perhaps, the editors' answer to it."""

    __tablename__ = "comments"
    __table_args__ = (
        # An article's approved comments in order, and its pending ones for a writer's check.
        Index("ix_comments_article_status_created", "article_id", "status", "created_at"),
        # The staff queue: pending first, oldest first, across articles.
        Index("ix_comments_status_created", "status", "created_at"),
        CheckConstraint(
            "status IN ('pending', 'approved', 'rejected')", name="comments_status_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    email: Mapped[str | None] = mapped_column(String(EMAIL_MAX))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=CommentStatus.PENDING.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    writer_key: Mapped[str | None] = mapped_column(String(64))
    answer_body: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
