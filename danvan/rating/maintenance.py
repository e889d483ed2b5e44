"""Keeping the rating honest: prove the totals against the votes, reset one article, purge
expired per-network windows. The ``flask rating`` commands and the staff page call these."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import case, delete, func, select, text

from ..core.clock import vietnam_today
from ..core.database import dialect_insert, rows_affected
from ..extensions import db
from .models import STARS, RatingIpWindow, RatingSummary, RatingVote, star_column

SUMMARY_COLUMNS = ("vote_count", "star_sum", *(star_column(stars) for stars in STARS))


def _lock_rating_tables() -> None:
    """Keep voters out while totals are recomputed, so what we compare is one moment.

    PostgreSQL: a table lock that conflicts with writers but not readers. SQLite: any write
    takes the database's single write lock, so the caller's first statement is a write.
    """
    if db.engine.dialect.name == "postgresql":
        db.session.execute(
            text("LOCK TABLE rating_votes, rating_summaries IN SHARE ROW EXCLUSIVE MODE")
        )


def purge_ip_windows() -> int:
    """Delete per-IP windows older than yesterday (they only matter for today)."""
    cutoff = (vietnam_today() - timedelta(days=1)).isoformat()
    result = db.session.execute(delete(RatingIpWindow).where(RatingIpWindow.day < cutoff))
    return rows_affected(result)


def recount_from_votes() -> dict[int, tuple[int, ...]]:
    """Each article's true totals, in ``SUMMARY_COLUMNS`` order, computed from the vote log."""
    columns = [func.count(), func.sum(RatingVote.stars)] + [
        func.sum(case((RatingVote.stars == stars, 1), else_=0)) for stars in STARS
    ]
    rows = db.session.execute(
        select(RatingVote.article_id, *columns).group_by(RatingVote.article_id)
    )
    return {row[0]: tuple(int(value or 0) for value in row[1:]) for row in rows}


def reconcile() -> list[tuple[int, tuple[int, ...], tuple[int, ...]]]:
    """Make every summary equal to its votes; returns ``(article, stored, true)`` per drift."""
    try:
        purge_ip_windows()  # a write first: on SQLite it takes the write lock (see above)
        _lock_rating_tables()
        truth = recount_from_votes()
        stored = {
            row.article_id: tuple(getattr(row, name) for name in SUMMARY_COLUMNS)
            for row in db.session.scalars(select(RatingSummary))
        }
        zero = (0,) * len(SUMMARY_COLUMNS)
        drift = [
            (article_id, stored.get(article_id, zero), truth.get(article_id, zero))
            for article_id in sorted(set(truth) | set(stored))
            if stored.get(article_id, zero) != truth.get(article_id, zero)
        ]
        table = RatingSummary.__table__
        for article_id, _, true_values in drift:
            statement = dialect_insert(table).values(
                article_id=article_id, **dict(zip(SUMMARY_COLUMNS, true_values, strict=True))
            )
            db.session.execute(
                statement.on_conflict_do_update(
                    index_elements=["article_id"],
                    set_={name: statement.excluded[name] for name in SUMMARY_COLUMNS},
                )
            )
        db.session.commit()
        return drift
    except BaseException:
        db.session.rollback()
        raise


def reset_article(article_id: int) -> int:
    """Delete one article's votes, summary and windows; returns how many votes went."""
    try:
        removed = rows_affected(
            db.session.execute(delete(RatingVote).where(RatingVote.article_id == article_id))
        )
        db.session.execute(delete(RatingSummary).where(RatingSummary.article_id == article_id))
        db.session.execute(delete(RatingIpWindow).where(RatingIpWindow.article_id == article_id))
        db.session.commit()
        return removed
    except BaseException:
        db.session.rollback()
        raise
