"""Comments stored straight into a live server's database, for the staff screens' browser tests
(the queue with something in it: pending ones with an email, an approved one with an answer)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import create_engine, text

from danvan.comments.models import Comment
from danvan.core.clock import utcnow
from tests.support.live_clients import database_url_of
from tests.support.live_server import LiveServer

# Kept to the length a resident may write, with a long unbroken word a phone must wrap.
LONG_BODY = "Đề nghị Ban cho biết lịch tiếp dân tháng này. " * 12 + "x" * 80


def store_comments(server: LiveServer, article_id: int = 1, pending: int = 3) -> None:
    """``pending`` comments waiting (the first with an email) and one approved, answered by
    the first staff account; the article's count says one."""
    start = utcnow() - timedelta(hours=2)
    engine = create_engine(database_url_of(server))
    rows = [
        {
            "name": f"Người đọc số {number}",
            "email": "nguoi.doc@example.vn" if number == 0 else None,
            "body": LONG_BODY if number == 0 else f"Ý kiến số {number}.\nDòng thứ hai.",
            "status": "pending",
            "answer": None,
            "at": start + timedelta(minutes=number),
        }
        for number in range(pending)
    ]
    rows.append(
        {
            "name": "Anh Minh",
            "email": None,
            "body": "Bài viết rất hữu ích.",
            "status": "approved",
            "answer": "Cảm ơn anh đã đọc.",
            "at": start - timedelta(minutes=5),
        }
    )
    try:
        with engine.begin() as connection:
            staff_id = connection.execute(text("SELECT MIN(id) FROM users")).scalar()
            connection.execute(
                Comment.__table__.insert(),
                [
                    {
                        "article_id": article_id,
                        "name": row["name"],
                        "email": row["email"],
                        "body": row["body"],
                        "status": row["status"],
                        "created_at": row["at"],
                        "approved_at": row["at"] if row["status"] == "approved" else None,
                        "answer_body": row["answer"],
                        "answered_by": staff_id if row["answer"] else None,
                        "answered_at": row["at"] if row["answer"] else None,
                    }
                    for row in rows
                ],
            )
            connection.execute(
                text("UPDATE articles SET comment_count = comment_count + 1 WHERE id = :id"),
                {"id": article_id},
            )
    finally:
        engine.dispose()
