"""The rating tables: the vote log, the per-article summary and the per-network daily window."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..core.clock import utcnow
from ..core.database import UTCDateTime
from ..extensions import Model

STAR_TITLES = {
    1: "Bài viết rất kém",
    2: "Bài viết kém",
    3: "Bài viết đạt",
    4: "Bài viết tốt",
    5: "Bài viết rất tốt",
}
STARS = tuple(STAR_TITLES)


class RatingVote(Model):
    """A voter's current vote on an article. ``previous_stars`` holds the value it replaced."""

    __tablename__ = "rating_votes"
    __table_args__ = (
        UniqueConstraint("article_id", "voter_key"),
        CheckConstraint("stars BETWEEN 1 AND 5", name="stars_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    # "staff:<user id>" or "visitor:<random token from the signed cookie>"
    voter_key: Mapped[str] = mapped_column(String(64))
    stars: Mapped[int] = mapped_column(SmallInteger)
    previous_stars: Mapped[int | None] = mapped_column(SmallInteger)
    # HMAC of the day and the address: links a day's votes from one network, nothing more.
    ip_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RatingSummary(Model):
    """Per-article totals, kept equal to the vote log by relative increments.

    ``earlier_count`` and ``earlier_sum`` are votes cast on the old site before the move (an
    import carries NukeViet's ``click_rating`` and ``total_rating``): they have no rows in the
    vote log and no per-star split, the page adds them to the totals, and ``reconcile`` leaves
    them alone.
    """

    __tablename__ = "rating_summaries"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    vote_count: Mapped[int] = mapped_column(default=0)
    star_sum: Mapped[int] = mapped_column(default=0)
    stars_1: Mapped[int] = mapped_column(default=0)
    stars_2: Mapped[int] = mapped_column(default=0)
    stars_3: Mapped[int] = mapped_column(default=0)
    stars_4: Mapped[int] = mapped_column(default=0)
    stars_5: Mapped[int] = mapped_column(default=0)
    earlier_count: Mapped[int] = mapped_column(default=0, server_default="0")
    earlier_sum: Mapped[int] = mapped_column(default=0, server_default="0")


class RatingIpWindow(Model):
    """How many votes one network (keyed hash) sent for one article on one Vietnam day."""

    __tablename__ = "rating_ip_windows"

    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    ip_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    votes: Mapped[int] = mapped_column(default=0)


def star_column(stars: int) -> str:
    """The summary column counting votes of ``stars``."""
    return f"stars_{stars}"
