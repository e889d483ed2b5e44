"""Keeping the rating honest and private: prove the totals against the votes, reset one
article, forget past days' network hashes. The ``flask rating`` commands, the staff page and the
first vote of each day call these."""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import case, delete, func, select, text, update

from ..core.clock import start_of_day, vietnam_today
from ..core.database import dialect_insert, in_write_turn, rows_affected
from ..extensions import db
from .models import STARS, RatingIpWindow, RatingSummary, RatingVote, star_column

NETWORKS_FORGOTTEN = "danvan.rating.networks_forgotten"
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
    """Delete per-IP windows of past days (a window only matters on its own day)."""
    cutoff = vietnam_today().isoformat()
    result = db.session.execute(delete(RatingIpWindow).where(RatingIpWindow.day < cutoff))
    return rows_affected(result)


@in_write_turn
def forget_past_networks() -> int:
    """Blank the network hash of every vote last changed before today, and delete past days'
    windows, in one transaction; returns how many votes were blanked.

    The hash (of address and day, keyed by the site's secret) only serves the day's per-network
    limit; kept longer, a stolen backup could be brute-forced back into addresses.
    """
    try:
        result = db.session.execute(
            update(RatingVote)
            .where(RatingVote.ip_hash != "", RatingVote.updated_at < start_of_day(vietnam_today()))
            .values(ip_hash="")
        )
        purge_ip_windows()
        db.session.commit()
        return rows_affected(result)
    except BaseException:
        db.session.rollback()
        raise


def forget_past_networks_once_a_day() -> None:
    """``forget_past_networks`` at the first vote of each Vietnam day in this process."""
    done: dict[str, date] = current_app.extensions.setdefault(NETWORKS_FORGOTTEN, {})
    today = vietnam_today()
    if done.get("day") != today:
        forget_past_networks()
        done["day"] = today


def recount_from_votes() -> dict[int, tuple[int, ...]]:
    """Each article's true totals, in ``SUMMARY_COLUMNS`` order, computed from the vote log."""
    columns = [func.count(), func.sum(RatingVote.stars)] + [
        func.sum(case((RatingVote.stars == stars, 1), else_=0)) for stars in STARS
    ]
    rows = db.session.execute(
        select(RatingVote.article_id, *columns).group_by(RatingVote.article_id)
    )
    return {row[0]: tuple(int(value or 0) for value in row[1:]) for row in rows}


@in_write_turn
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


@in_write_turn
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
