"""The statistics tables: daily aggregates, daily salts, and the short-lived rows that make
"online", "visit" and "article view" exact across processes (purged as they expire)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.database import UTCDateTime
from ..extensions import Model

METRIC_VISITS = "visits"
METRIC_PAGE_VIEWS = "page_views"
# Who a presence row is (``Presence.kind``).
GUEST, MEMBER, SEARCH_ENGINE, BOT = "guest", "member", "search_engine", "bot"


class DailyCount(Model):
    """Aggregates per Vietnam day: visits and page views of people (bots excluded)."""

    __tablename__ = "stats_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    metric: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class BotDailyCount(Model):
    """Page views of bots per Vietnam day and bot name, for audits; never shown on the block."""

    __tablename__ = "stats_bot_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    bot_name: Mapped[str] = mapped_column(String(100), primary_key=True)
    page_views: Mapped[int] = mapped_column(BigInteger, default=0)


class DailySalt(Model):
    """The random salt of one Vietnam day; deleted once the day after it has ended."""

    __tablename__ = "stats_salts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    salt: Mapped[str] = mapped_column(String(64))


class Presence(Model):
    """Who was seen lately (pseudonymous key); purged once older than the online window."""

    __tablename__ = "stats_presence"
    __table_args__ = (Index("ix_stats_presence_last_seen", "last_seen"),)

    visitor_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime())


class OpenVisit(Model):
    """A visit in progress; purged after 30 idle minutes, when the next view is a new visit."""

    __tablename__ = "stats_open_visits"
    __table_args__ = (Index("ix_stats_open_visits_last_seen", "last_seen"),)

    visitor_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime())


class RecentArticleView(Model):
    """An article view already counted for a visitor; purged after 30 minutes."""

    __tablename__ = "stats_article_views"
    __table_args__ = (Index("ix_stats_article_views_counted_at", "counted_at"),)

    visitor_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    article_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    counted_at: Mapped[datetime] = mapped_column(UTCDateTime())
