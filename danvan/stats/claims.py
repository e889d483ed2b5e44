"""The writes the database decides, as claims for the group-commit writer (``writer.py``).

Each claim is one conditional upsert on a short-lived row, made in the writer's batch
transaction: presence (online = seen within the window), the open visit (a new visit after 30
idle minutes or at Vietnam midnight) and the article view (one per visitor and article per 30
minutes). Whether a visit opened or an article view counts is what the upsert's ``RETURNING``
says, so processes on one database decide it exactly, whatever each one remembers.

Their ``order`` sorts presence before visits before article views, each by key: the table
order ``StatsStore.purge`` deletes in, so a batch and a purge on PostgreSQL take their locks
table by table in the same order. Each statement is built once per dialect with bound
parameters: building it per claim cost eight times what running it does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import bindparam, case, update

from ..content.models import Article
from ..core.caches import cache
from ..core.clock import local_day
from ..core.database import dialect_insert
from .models import METRIC_VISITS, DailyCount, OpenVisit, Presence, RecentArticleView

VISIT_IDLE = timedelta(minutes=30)  # a new visit starts after this much inactivity
ARTICLE_VIEW_EVERY = timedelta(minutes=30)  # one article view per visitor per article per this


# Keyed by the dialect (``dialect_insert`` builds the current database's kind): tests run both.
@lru_cache(maxsize=4)
def _presence_statement(dialect: str):
    table = Presence.__table__
    statement = dialect_insert(table).values(
        visitor_key=bindparam("key"), kind=bindparam("kind"), last_seen=bindparam("moment")
    )
    return statement.on_conflict_do_update(
        index_elements=["visitor_key"],
        set_={"last_seen": statement.excluded.last_seen, "kind": statement.excluded.kind},
        # Another process wrote it within the minute: nothing to change.
        where=table.c.last_seen < bindparam("unchanged_since"),
    )


@lru_cache(maxsize=4)
def _visit_statement(dialect: str):
    table = OpenVisit.__table__
    statement = dialect_insert(table).values(
        visitor_key=bindparam("key"), started_at=bindparam("moment"), last_seen=bindparam("moment")
    )
    idle = table.c.last_seen < bindparam("idle_since")
    return statement.on_conflict_do_update(
        index_elements=["visitor_key"],
        set_={
            "last_seen": statement.excluded.last_seen,
            "started_at": case((idle, statement.excluded.started_at), else_=table.c.started_at),
        },
        where=table.c.last_seen < bindparam("unchanged_since"),
    ).returning(table.c.started_at)


@lru_cache(maxsize=4)
def _article_view_statement(dialect: str):
    table = RecentArticleView.__table__
    statement = dialect_insert(table).values(
        visitor_key=bindparam("key"),
        article_id=bindparam("article"),
        counted_at=bindparam("moment"),
    )
    return statement.on_conflict_do_update(
        index_elements=["visitor_key", "article_id"],
        set_={"counted_at": statement.excluded.counted_at},
        where=table.c.counted_at <= bindparam("counted_before"),
    ).returning(table.c.article_id)


_ARTICLE_VIEWS = (
    update(Article)
    .where(Article.id == bindparam("article"))
    # A view is no edit: keep updated_at (its onupdate would move it).
    .values(view_count=Article.view_count + bindparam("amount"), updated_at=Article.updated_at)
    .returning(Article.view_count)
)


@dataclass(frozen=True)
class PresenceClaim:
    """``visitor_key`` was seen at ``moment`` (written unless another process wrote it within
    ``every``)."""

    visitor_key: str
    kind: str
    moment: datetime
    every: timedelta

    @property
    def order(self) -> str:
        return f"1:{self.visitor_key}"

    def run(self, connection) -> tuple:
        connection.execute(
            _presence_statement(connection.dialect.name),
            {
                "key": self.visitor_key,
                "kind": self.kind,
                "moment": self.moment,
                "unchanged_since": self.moment - self.every,
            },
        )
        return ()


@dataclass(frozen=True)
class VisitClaim:
    """A person active at ``moment``: opens a visit (and counts it) after 30 idle minutes."""

    visitor_key: str
    moment: datetime
    every: timedelta  # activity within this of the last write changes nothing

    @property
    def order(self) -> str:
        return f"2:{self.visitor_key}"

    def run(self, connection) -> tuple:
        started = connection.execute(
            _visit_statement(connection.dialect.name),
            {
                "key": self.visitor_key,
                "moment": self.moment,
                "idle_since": self.moment - VISIT_IDLE,
                "unchanged_since": self.moment - self.every,
            },
        ).scalar_one_or_none()
        if started is None or started != self.moment:
            return ()
        day = local_day(self.moment)
        return (((DailyCount, (("day", day), ("metric", METRIC_VISITS)), "value"), 1),)


@dataclass(frozen=True)
class ArticleViewClaim:
    """A person read article ``article_id`` at ``moment``: counts unless they were counted for
    it in the 30 minutes before."""

    visitor_key: str
    article_id: int
    moment: datetime

    @property
    def order(self) -> str:
        return f"3:{self.visitor_key}:{self.article_id:010d}"

    def run(self, connection) -> tuple:
        claimed = connection.execute(
            _article_view_statement(connection.dialect.name),
            {
                "key": self.visitor_key,
                "article": self.article_id,
                "moment": self.moment,
                "counted_before": self.moment - ARTICLE_VIEW_EVERY,
            },
        ).scalar_one_or_none()
        return () if claimed is None else ((ArticleViews(self.article_id), 1),)


@dataclass(frozen=True)
class ArticleViews:
    """``articles.view_count`` of one article, as a counter of the writer."""

    article_id: int

    @property
    def order(self) -> str:
        return f"articles:{self.article_id:010d}"

    def add(self, connection, amount: int) -> int | None:
        """+``amount`` views; the new count (None when the article is gone)."""
        return connection.execute(
            _ARTICLE_VIEWS, {"article": self.article_id, "amount": amount}
        ).scalar_one_or_none()

    def committed(self, result: object) -> None:
        """Show the new count on this process's shell of the article, if it has one
        (``site/shells.py``: ``ViewCount`` keeps the highest count seen)."""
        page = cache("site.article_pages").peek(self.article_id)
        if page is not None and isinstance(result, int):
            page.views.seen(result)
