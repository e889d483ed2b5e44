"""Recording, changing, withdrawing and reading votes.

Each vote changes the vote log (``rating_votes``) and the summary (``rating_summaries``) in one
transaction, the summary only by relative increments. A per-IP daily window
(``rating_ip_windows``) counts votes by a keyed hash of the address and the day, never the
address itself.

Lock order in every writing transaction is window -> vote -> summary, so PostgreSQL cannot
deadlock. On SQLite each writing transaction runs in the app-wide write turn
(``danvan.core.database.write_turn``), shared with the statistics, so its first statement finds
the write lock free instead of waiting in SQLite's busy handler; that first statement is a
write, so even a writer outside the turn cannot leave it a stale snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, delete, select, update

from ..content.models import Article
from ..core.clock import utcnow, vietnam_today
from ..core.database import add_to_counters, dialect_insert, in_write_turn
from ..core.formatting import php_average
from ..extensions import db
from .maintenance import forget_past_networks_once_a_day
from .models import STAR_TITLES, STARS, RatingIpWindow, RatingSummary, RatingVote, star_column
from .voter import hash_ip

INVALID = "Đánh giá không hợp lệ"
MESSAGES = {
    "bad_stars": f"{INVALID}: hãy chọn từ 1 đến 5 sao rồi bấm Gửi đánh giá.",
    "no_article": f"{INVALID}: không tìm thấy bài viết này.",
    "disabled": f"{INVALID}: bài viết này không nhận đánh giá.",
    "bot": f"{INVALID}: chương trình tự động không được đánh giá bài viết.",
    "ip_window": (
        "Mạng của bạn đã gửi quá nhiều đánh giá cho bài viết này hôm nay. "
        "Vui lòng thử lại vào ngày mai."
    ),
    "rate_limit": "Bạn gửi đánh giá quá nhanh. Vui lòng đợi một lát rồi thử lại.",
    "nothing_to_withdraw": "Bạn chưa đánh giá bài viết này nên không có gì để rút lại.",
    "withdrawn": "Đã rút lại đánh giá của bạn.",
    "same": "Bạn đã đánh giá bài viết này rồi",
}


@dataclass(frozen=True)
class Totals:
    """What the page and the JSON twin show about an article's rating."""

    article_id: int
    count: int
    total: int
    distribution: dict[int, int]

    @property
    def average(self) -> str | None:
        """The average as PHP prints it (``4``, ``4.5``), or None without votes."""
        return php_average(self.total, self.count) if self.count else None

    def as_json(self) -> dict:
        """The ``/api/articles/<id>/rating`` document."""
        average = self.average
        return {
            "article_id": self.article_id,
            "count": self.count,
            "sum": self.total,
            "average": None
            if average is None
            else (float(average) if "." in average else int(average)),
            "distribution": {str(stars): self.distribution[stars] for stars in STARS},
        }


def rating_summary(article_id: int) -> Totals:
    """The article's totals (zeros when nobody voted yet)."""
    row = db.session.get(RatingSummary, article_id)
    if row is None:
        return Totals(article_id, 0, 0, dict.fromkeys(STARS, 0))
    return totals_of(row)


def totals_of(row: RatingSummary) -> Totals:
    """What a summary row shows: its votes plus the earlier ones carried over from the old
    site (which have no per-star split, so the distribution counts this site's votes only)."""
    return Totals(
        row.article_id,
        row.vote_count + row.earlier_count,
        row.star_sum + row.earlier_sum,
        {stars: getattr(row, star_column(stars)) for stars in STARS},
    )


def current_vote(article_id: int, voter_key: str | None) -> int | None:
    """The stars this voter currently gives the article, or None."""
    if voter_key is None:
        return None
    return db.session.scalar(
        select(RatingVote.stars).where(
            RatingVote.article_id == article_id, RatingVote.voter_key == voter_key
        )
    )


def ratings_by_article(article_ids: list[int]) -> dict[int, Totals]:
    """Totals for many articles in one query (articles without votes are left out)."""
    if not article_ids:
        return {}
    rows = db.session.scalars(
        select(RatingSummary).where(RatingSummary.article_id.in_(article_ids))
    )
    return {row.article_id: totals_of(row) for row in rows}


class RatingRefused(Exception):
    """A vote that must not be stored; ``status`` and ``message`` go to the visitor."""

    def __init__(self, status: int, message: str, article: Article | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.article = article


@dataclass(frozen=True)
class VoteOutcome:
    """What ``record_vote`` did: ``previous`` is None for a first vote."""

    stars: int
    previous: int | None

    @property
    def message(self) -> str:
        if self.previous is None:
            return f"Cảm ơn bạn đã đánh giá bài viết: {self.stars} sao ({STAR_TITLES[self.stars]})."
        if self.previous == self.stars:
            return f"{MESSAGES['same']}: {self.stars} sao."
        return f"Bạn đã đổi đánh giá từ {self.previous} thành {self.stars} sao"


def _use_ip_window(article_id: int, ip_hash: str, day: str, limit: int) -> None:
    """Count one vote in the window, atomically; refuse (429) beyond ``limit``."""
    table = RatingIpWindow.__table__
    statement = dialect_insert(table).values(
        day=day, article_id=article_id, ip_hash=ip_hash, votes=1
    )
    statement = statement.on_conflict_do_update(
        index_elements=["day", "article_id", "ip_hash"],
        set_={"votes": table.c.votes + 1},
    ).returning(table.c.votes)
    used = db.session.execute(statement).scalar_one()
    if used > limit:
        raise RatingRefused(429, MESSAGES["ip_window"])


def record_vote(
    article_id: int, voter_key: str, stars: int, address: str, per_ip_limit: int
) -> VoteOutcome:
    """Store the voter's vote (new or changed) and update the summary in one transaction.

    Raises ``RatingRefused`` (nothing stored) when the address used up its daily window.
    """
    if stars not in STAR_TITLES:
        raise RatingRefused(400, MESSAGES["bad_stars"])
    forget_past_networks_once_a_day()  # before this vote's own transaction: its lock order stays
    day = vietnam_today().isoformat()
    ip_hash = hash_ip(address, day)
    return _store_vote(article_id, voter_key, stars, ip_hash, day, per_ip_limit)


@in_write_turn
def _store_vote(
    article_id: int, voter_key: str, stars: int, ip_hash: str, day: str, per_ip_limit: int
) -> VoteOutcome:
    votes = cast(Table, RatingVote.__table__)
    key = {"article_id": article_id}
    try:
        # Two rounds at most: a vote withdrawn between our insert and our update is gone,
        # and the second round inserts it afresh.
        for _ in range(2):
            _use_ip_window(article_id, ip_hash, day, per_ip_limit)
            now = utcnow()
            inserted = db.session.execute(
                dialect_insert(votes)
                .values(
                    article_id=article_id,
                    voter_key=voter_key,
                    stars=stars,
                    ip_hash=ip_hash,
                    created_at=now,
                    updated_at=now,
                )
                .on_conflict_do_nothing(index_elements=["article_id", "voter_key"])
                .returning(votes.c.id)
            ).first()
            if inserted is not None:
                add_to_counters(
                    RatingSummary, key, {"vote_count": 1, "star_sum": stars, star_column(stars): 1}
                )
                db.session.commit()
                return VoteOutcome(stars, None)
            # SET right-hand sides see the row as it was, so previous_stars gets the old value
            # under the row's lock: no read-then-write.
            previous = db.session.execute(
                update(votes)
                .where(votes.c.article_id == article_id, votes.c.voter_key == voter_key)
                .values(previous_stars=votes.c.stars, stars=stars, ip_hash=ip_hash, updated_at=now)
                .returning(votes.c.previous_stars)
            ).scalar_one_or_none()
            if previous is None:
                db.session.rollback()
                continue
            if previous != stars:
                add_to_counters(
                    RatingSummary,
                    key,
                    {
                        "star_sum": stars - previous,
                        star_column(previous): -1,
                        star_column(stars): 1,
                    },
                )
            db.session.commit()
            return VoteOutcome(stars, previous)
        raise RuntimeError("vote kept disappearing")  # pragma: no cover - needs a race twice
    except BaseException:
        db.session.rollback()
        raise


@in_write_turn
def withdraw_vote(article_id: int, voter_key: str) -> int | None:
    """Delete the voter's vote and take it out of the summary; returns its stars, or None."""
    votes = cast(Table, RatingVote.__table__)
    try:
        stars = db.session.execute(
            delete(votes)
            .where(votes.c.article_id == article_id, votes.c.voter_key == voter_key)
            .returning(votes.c.stars)
        ).scalar_one_or_none()
        if stars is not None:
            add_to_counters(
                RatingSummary,
                {"article_id": article_id},
                {"vote_count": -1, "star_sum": -stars, star_column(stars): -1},
            )
        db.session.commit()
        return stars
    except BaseException:
        db.session.rollback()
        raise
