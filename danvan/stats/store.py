"""Recording visitor statistics: visitors' pseudonymous keys, page views, visits, presence and
article views, and purging what has expired.

Every count goes through the group-commit writer (``writer.py``): counters as atomic relative
upserts (``danvan.core.database.add_to_counters``), and presence, visits and article views as
claims (``claims.py``), conditional upserts whose duplicate suppression lives in the database,
so several processes on one database count exactly. The in-process maps below only spare the
writer claims whose answer is already known.

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

from sqlalchemy import delete, select

from ..core.clock import local_day
from ..core.database import dialect_insert, write_turn
from ..core.shutdown import on_shutdown
from ..extensions import db
from .claims import (
    ARTICLE_VIEW_EVERY,
    VISIT_IDLE,
    ArticleViewClaim,
    PresenceClaim,
    VisitClaim,
)
from .models import (
    BOT,
    GUEST,
    MEMBER,
    METRIC_PAGE_VIEWS,
    SEARCH_ENGINE,
    BotDailyCount,
    DailyCount,
    DailySalt,
    OpenVisit,
    Presence,
    RecentArticleView,
)
from .writer import GroupCommitWriter

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
        # visitor key -> when this process last handed over its presence; (key, article) -> its
        # last article view handed over
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

    def record_page_view(self, visitor: Visitor, moment: datetime) -> None:
        """Count one page view, and, at most once a minute per visitor, hand over presence and
        (for a person) the visit to the group-commit writer, which decides them in the
        database (``claims.py``). Committed before this returns when the writer makes callers
        wait (``DANVAN_PAGEVIEW_FLUSH=0``)."""
        day = local_day(moment)
        if visitor.is_person:
            self.writer.add((DailyCount, (("day", day), ("metric", METRIC_PAGE_VIEWS)), "value"))
        else:
            self.writer.add(
                (BotDailyCount, (("day", day), ("bot_name", visitor.bot_name)), "page_views")
            )
        if visitor.key is not None and self._presence_due(visitor.key, moment):
            with self._lock:
                self._presence_written[visitor.key] = moment
            self.writer.claim(PresenceClaim(visitor.key, visitor.kind, moment, self.presence_every))
            if visitor.is_person:
                self.writer.claim(VisitClaim(visitor.key, moment, self.presence_every))
        self.purge_if_due(moment)

    def _presence_due(self, key: str, moment: datetime) -> bool:
        last = self._presence_written.get(key)
        return last is None or moment - last >= self.presence_every or moment < last

    def count_article_view(self, visitor: Visitor, article_id: int, moment: datetime) -> bool:
        """Hand over a person's view of an article unless this process already did within 30
        minutes; the writer counts it unless the database says this visitor was counted for it
        in the 30 minutes before (by any process). True when handed over; never for bots."""
        if not visitor.is_person or visitor.key is None:
            return False
        memo = (visitor.key, article_id)
        with self._lock:
            last = self._article_counted.get(memo)
            if last is not None and timedelta(0) <= moment - last < ARTICLE_VIEW_EVERY:
                return False
            self._article_counted[memo] = moment
        self.writer.claim(ArticleViewClaim(visitor.key, article_id, moment))
        return True

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
