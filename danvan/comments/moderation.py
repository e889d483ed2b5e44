"""What staff do to comments: approve, reject, delete, answer; each keeps the count exact.

``articles.comment_count`` counts approved comments. Every status change and its count change are
one transaction, and the count moves only by relative increments (``comment_count + n``) computed
from the rows the statement itself changed (``RETURNING``): two staff approving the same comments
at once change each row once, and 100 approvals in parallel add exactly 100.

Lock order is comments (by id) -> articles (by id) in every writing transaction. On PostgreSQL
the comment rows are locked first in id order (``SELECT ... FOR UPDATE``), so overlapping bulk
actions cannot deadlock; on SQLite the first statement is the write itself, which takes the
database's one write lock before anything is read.

The caller (the staff screens) passes ``record``, called with the ``Changes`` before the commit,
to add its audit entries to the same transaction. After the commit, the article pages concerned
are forgotten (``forget(ARTICLE, id)``) so their shells show the change at once in this process.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, select, update
from sqlalchemy import delete as sql_delete

from ..content.models import Article
from ..core.caches import ARTICLE, forget
from ..core.clock import utcnow
from ..extensions import db
from .models import BODY_MAX, Comment, CommentStatus
from .notify import notify_writer

APPROVED = CommentStatus.APPROVED.value
PENDING = CommentStatus.PENDING.value
REJECTED = CommentStatus.REJECTED.value


@dataclass(frozen=True)
class Changes:
    """What one action changed: the comments, and by how much each article's count moved."""

    action: str  # "approve", "reject", "delete", "answer"
    comment_ids: tuple[int, ...] = ()
    article_ids: tuple[int, ...] = ()
    count_deltas: dict[int, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        """How many comments the action changed."""
        return len(self.comment_ids)


Recorder = Callable[[Changes], None]


def _comments() -> Table:
    return cast(Table, Comment.__table__)


def _ids(ids: Iterable[int]) -> list[int]:
    return sorted({int(i) for i in ids})


def _lock_in_order(ids: list[int]) -> None:
    """On PostgreSQL, lock the comment rows in id order before changing them (no deadlock
    between overlapping bulk actions). SQLite has one write lock; nothing to order."""
    if db.engine.dialect.name == "postgresql":
        comments = _comments()
        db.session.execute(
            select(comments.c.id)
            .where(comments.c.id.in_(ids))
            .order_by(comments.c.id)
            .with_for_update()
        ).all()


def _move_counts(deltas: Counter[int]) -> dict[int, int]:
    """Add each article's delta to its ``comment_count``, in article id order."""
    articles = cast(Table, Article.__table__)
    moved = {}
    for article_id in sorted(deltas):
        if deltas[article_id]:
            db.session.execute(
                update(articles)
                .where(articles.c.id == article_id)
                .values(comment_count=articles.c.comment_count + deltas[article_id])
            )
            moved[article_id] = deltas[article_id]
    return moved


def _finish(changes: Changes, record: Recorder | None) -> Changes:
    """Let the caller add its audit entries, commit, then refresh the pages concerned."""
    try:
        if record is not None and changes.count:
            record(changes)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    for article_id in changes.article_ids:
        forget(ARTICLE, article_id)
    return changes


def _change(
    action: str, ids: Iterable[int], moves: tuple[tuple[tuple[str, ...], int], ...], statement
) -> Changes:
    """Run ``statement(comments, wanted, old_statuses)`` once per ``(old statuses, delta)``:
    each run's WHERE names the old status, so what RETURNING gives back says by how much the
    article's count moves, with no read-then-write."""
    wanted = _ids(ids)
    if not wanted:
        return Changes(action)
    comments = _comments()
    changed: list[int] = []
    articles: set[int] = set()
    deltas: Counter[int] = Counter()
    try:
        _lock_in_order(wanted)
        for old_statuses, delta in moves:
            rows = db.session.execute(
                statement(comments, wanted, old_statuses).returning(
                    comments.c.id, comments.c.article_id
                )
            ).all()
            for comment_id, article_id in rows:
                changed.append(comment_id)
                articles.add(article_id)
                deltas[article_id] += delta
        moved = _move_counts(deltas)
    except BaseException:
        db.session.rollback()
        raise
    return Changes(action, tuple(sorted(changed)), tuple(sorted(articles)), moved)


def _status_update(status: str, values: dict[str, Any]):
    def statement(comments: Table, wanted: list[int], old_statuses: tuple[str, ...]):
        return (
            update(comments)
            .where(comments.c.id.in_(wanted), comments.c.status.in_(old_statuses))
            .values(status=status, **values)
        )

    return statement


def approve(ids: Iterable[int], user: Any = None, record: Recorder | None = None) -> Changes:
    """Approve the comments that are pending or rejected: each adds one to its article's count.

    Already approved ones are left as they are (approving twice counts once). ``user`` is the
    staff member acting (kept in the signature for the audit entry ``record`` writes).
    """
    changes = _change(
        "approve",
        ids,
        (((PENDING, REJECTED), 1),),
        _status_update(APPROVED, {"approved_at": utcnow()}),
    )
    return _finish(changes, record)


def reject(ids: Iterable[int], user: Any = None, record: Recorder | None = None) -> Changes:
    """Reject the comments: an approved one leaves the page and its article's count."""
    statement = _status_update(REJECTED, {"approved_at": None})
    changes = _change("reject", ids, (((APPROVED,), -1), ((PENDING,), 0)), statement)
    return _finish(changes, record)


def _delete(comments: Table, wanted: list[int], old_statuses: tuple[str, ...]):
    return sql_delete(comments).where(
        comments.c.id.in_(wanted), comments.c.status.in_(old_statuses)
    )


def delete(ids: Iterable[int], user: Any = None, record: Recorder | None = None) -> Changes:
    """Delete the comments, their email address with them; approved ones leave the count."""
    changes = _change("delete", ids, (((APPROVED,), -1), ((PENDING, REJECTED), 0)), _delete)
    return _finish(changes, record)


def answer(comment_id: int, text: str, user: Any, record: Recorder | None = None) -> Changes:
    """Set (or, with blank ``text``, remove) the editors' answer shown under the comment.

    ``user`` is the staff member answering; the page shows their display name. An answer to a
    comment not yet approved is kept and shows once it is approved. A first answer is mailed to
    the writer when they left an email and SMTP is set (``notify.py``).
    """
    body = (text or "").strip()[:BODY_MAX] or None
    comments = _comments()
    # Who to tell, read before the change: a first answer mails the writer (notify.py).
    before = db.session.execute(
        select(comments.c.email, comments.c.name, comments.c.answer_body).where(
            comments.c.id == comment_id
        )
    ).first()
    values = {
        "answer_body": body,
        "answered_by": getattr(user, "id", None) if body else None,
        "answered_at": utcnow() if body else None,
    }
    try:
        row = db.session.execute(
            update(comments)
            .where(comments.c.id == comment_id)
            .values(**values)
            .returning(comments.c.id, comments.c.article_id)
        ).first()
    except BaseException:
        db.session.rollback()
        raise
    if row is None:
        db.session.rollback()
        return Changes("answer")
    changes = _finish(Changes("answer", (row[0],), (row[1],)), record)
    if body and before is not None and before.answer_body is None:
        notify_writer(before.email, before.name, body, row[1])
    return changes
