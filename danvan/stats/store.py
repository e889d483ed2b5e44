"""Recording visitor statistics: visitors' pseudonymous keys, page views, visits, presence and
article views, and purging what has expired.

Every count is an atomic relative upsert (``danvan.core.database.add_to_counters``) committed before
the response leaves (page views through the group-commit writer in ``writer.py``), so several
processes on one database count exactly and a hard kill loses nothing that was answered.
Duplicate suppression (visits, presence, article views) lives in the database as conditional
upserts, so it holds across processes too; the in-process maps below only spare the database
statements whose answer is already known.

No raw IP address or User-Agent is stored: visitors are keyed by an HMAC with a random salt per
Vietnam day, and salts are deleted two days later.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, delete, select, update

from ..content.models import Article
from ..core.clock import local_day
from ..core.database import add_to_counters, dialect_insert, write_turn
from ..core.shutdown import on_shutdown
from ..extensions import db
from .models import (
    BOT,
    GUEST,
    MEMBER,
    METRIC_PAGE_VIEWS,
    METRIC_VISITS,
    SEARCH_ENGINE,
    BotDailyCount,
    DailyCount,
    DailySalt,
    OpenVisit,
    Presence,
    RecentArticleView,
)
from .writer import GroupCommitWriter

VISIT_IDLE = timedelta(minutes=30)  # a new visit starts after this much inactivity
ARTICLE_VIEW_EVERY = timedelta(minutes=30)  # one article view per visitor per article per this
PRESENCE_EVERY = timedelta(seconds=60)  # presence is written at most this often per visitor
PURGE_EVERY = timedelta(seconds=60)


# --- visitors ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Visitor:
    """Who made a request, as the statistics see it. ``key`` is None for other bots."""

    kind: str
    key: str | None
    bot_name: str | None = None

    @property
    def is_person(self) -> bool:
        return self.kind in (GUEST, MEMBER)


class StatsStore:
    """Per-app recording and reading. Thread-safe; one per Flask app."""

    def __init__(self, app, secret_key: str, online_window: int) -> None:
        self.writer = GroupCommitWriter(app, flush_interval=app.config["PAGEVIEW_FLUSH"])
        on_shutdown(app, self.writer.close)
        self.secret = secret_key.encode()
        self.online_window = timedelta(seconds=online_window)
        self.presence_every = min(PRESENCE_EVERY, self.online_window)
        self._salts: dict[date, bytes] = {}
        # visitor key -> when this process last wrote its presence; (key, article) -> last count
        self._presence_written: dict[str, datetime] = {}
        self._article_counted: dict[tuple[str, int], datetime] = {}
        self._last_purge: datetime | None = None
        self._lock = threading.Lock()

    # -- keys --

    def _salt(self, day: date) -> bytes:
        """The day's salt: the first process to ask creates it, every other one reads it."""
        salt = self._salts.get(day)
        if salt is not None:
            return salt
        with write_turn():
            db.session.execute(
                dialect_insert(DailySalt.__table__)
                .values(day=day, salt=secrets.token_hex(32))
                .on_conflict_do_nothing(index_elements=["day"])
            )
            db.session.commit()
        stored = db.session.scalar(select(DailySalt.salt).where(DailySalt.day == day))
        db.session.commit()
        if stored is None:  # inserted or kept just above; only a purge racing midnight can lose it
            raise RuntimeError(f"no statistics salt for {day}")
        # Mixed with the app secret: the database alone cannot re-identify anyone.
        salt = hashlib.sha256(self.secret + b"\0" + stored.encode()).digest()
        with self._lock:
            self._salts = {d: s for d, s in self._salts.items() if d >= day - timedelta(days=1)}
            self._salts[day] = salt
        return salt

    def visitor_key(self, identity: str, moment: datetime) -> str:
        """A pseudonymous key for ``identity`` that changes at each Vietnam midnight."""
        salt = self._salt(local_day(moment))
        return hmac.new(salt, identity.encode(), hashlib.sha256).hexdigest()[:40]

    def guest(self, ip: str, user_agent: str, moment: datetime) -> Visitor:
        """A guest, keyed by IP and User-Agent (neither is kept)."""
        return Visitor(GUEST, self.visitor_key(f"guest\n{ip}\n{user_agent}", moment))

    def member(self, user_id: object, moment: datetime) -> Visitor:
        """A signed-in staff member, keyed by account."""
        return Visitor(MEMBER, self.visitor_key(f"member\n{user_id}", moment))

    @staticmethod
    def search_engine(name: str) -> Visitor:
        """A search engine's crawler: one crawler is one visitor, however many requests."""
        return Visitor(SEARCH_ENGINE, f"se:{name}"[:64], name)

    @staticmethod
    def bot(name: str | None) -> Visitor:
        """Any other bot: counted per day for audits only."""
        return Visitor(BOT, None, (name or "bot")[:100])

    # -- writes --

    def record_page_view(self, visitor: Visitor, moment: datetime) -> bool:
        """Count one HTML page view; returns True when it started a new visit.

        The page-view counter goes through the group-commit writer (committed before this
        returns); presence and visits, written at most once a minute per visitor, go directly.
        """
        day = local_day(moment)
        if visitor.is_person:
            self.writer.add((DailyCount, (("day", day), ("metric", METRIC_PAGE_VIEWS)), "value"))
        else:
            self.writer.add(
                (BotDailyCount, (("day", day), ("bot_name", visitor.bot_name)), "page_views")
            )
        if visitor.key is None or not self._presence_due(visitor.key, moment):
            return False
        new_visit = False
        with write_turn():
            self._write_presence(visitor, moment)
            if visitor.is_person:
                new_visit = self._touch_visit(visitor.key, moment)
                if new_visit:
                    add_to_counters(DailyCount, {"day": day, "metric": METRIC_VISITS}, {"value": 1})
            db.session.commit()
        with self._lock:
            self._presence_written[visitor.key] = moment
        self.purge_if_due(moment)
        return new_visit

    def _presence_due(self, key: str, moment: datetime) -> bool:
        last = self._presence_written.get(key)
        return last is None or moment - last >= self.presence_every or moment < last

    def _write_presence(self, visitor: Visitor, moment: datetime) -> None:
        table = Presence.__table__
        statement = dialect_insert(table).values(
            visitor_key=visitor.key, kind=visitor.kind, last_seen=moment
        )
        db.session.execute(
            statement.on_conflict_do_update(
                index_elements=["visitor_key"],
                set_={"last_seen": statement.excluded.last_seen, "kind": statement.excluded.kind},
                # Another process wrote it within the minute: nothing to change.
                where=table.c.last_seen < moment - self.presence_every,
            )
        )

    def _touch_visit(self, key: str, moment: datetime) -> bool:
        """Mark ``key`` active; True when this view opens a visit (atomic across processes)."""
        table = OpenVisit.__table__
        statement = dialect_insert(table).values(
            visitor_key=key, started_at=moment, last_seen=moment
        )
        idle = table.c.last_seen < moment - VISIT_IDLE
        statement = statement.on_conflict_do_update(
            index_elements=["visitor_key"],
            set_={
                "last_seen": statement.excluded.last_seen,
                "started_at": case((idle, statement.excluded.started_at), else_=table.c.started_at),
            },
            where=table.c.last_seen < moment - self.presence_every,
        ).returning(table.c.started_at)
        started = db.session.execute(statement).scalar_one_or_none()
        return started is not None and started == moment

    def count_article_view(self, visitor: Visitor, article_id: int, moment: datetime) -> int | None:
        """+1 on the article's view count unless this visitor was counted in the last 30 min.

        Returns the new count when it was incremented, else None. Never for bots.
        """
        if not visitor.is_person or visitor.key is None:
            return None
        memo = (visitor.key, article_id)
        last = self._article_counted.get(memo)
        if last is not None and timedelta(0) <= moment - last < ARTICLE_VIEW_EVERY:
            return None
        table = RecentArticleView.__table__
        statement = dialect_insert(table).values(
            visitor_key=visitor.key, article_id=article_id, counted_at=moment
        )
        statement = statement.on_conflict_do_update(
            index_elements=["visitor_key", "article_id"],
            set_={"counted_at": statement.excluded.counted_at},
            where=table.c.counted_at <= moment - ARTICLE_VIEW_EVERY,
        ).returning(table.c.article_id)
        with write_turn():
            claimed = db.session.execute(statement).scalar_one_or_none() is not None
            count = None
            if claimed:
                count = db.session.execute(
                    update(Article)
                    .where(Article.id == article_id)
                    # A view is no edit: keep updated_at (its onupdate would move it).
                    .values(view_count=Article.view_count + 1, updated_at=Article.updated_at)
                    .returning(Article.view_count)
                ).scalar_one_or_none()
            db.session.commit()
        with self._lock:
            self._article_counted[memo] = moment
        return count

    def purge_if_due(self, moment: datetime) -> None:
        """Purge expired rows, at most once a minute per process."""
        last = self._last_purge
        if last is not None and timedelta(0) <= moment - last < PURGE_EVERY:
            return
        self._last_purge = moment
        self.purge(moment)

    def purge(self, moment: datetime) -> None:
        """Delete presence past the online window, idle visits, old article marks and salts."""
        today = local_day(moment)
        with write_turn():
            db.session.execute(
                delete(Presence).where(Presence.last_seen < moment - self.online_window)
            )
            db.session.execute(delete(OpenVisit).where(OpenVisit.last_seen < moment - VISIT_IDLE))
            db.session.execute(
                delete(RecentArticleView).where(
                    RecentArticleView.counted_at <= moment - ARTICLE_VIEW_EVERY
                )
            )
            # Today's and yesterday's salts stay; a salt is gone 48 h after its day began.
            db.session.execute(delete(DailySalt).where(DailySalt.day < today - timedelta(days=1)))
            db.session.commit()
        with self._lock:
            self._presence_written = {
                key: seen
                for key, seen in self._presence_written.items()
                if timedelta(0) <= moment - seen < self.presence_every
            }
            self._article_counted = {
                key: seen
                for key, seen in self._article_counted.items()
                if timedelta(0) <= moment - seen < ARTICLE_VIEW_EVERY
            }
