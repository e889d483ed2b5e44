"""Comments for the staff screens' tests: stored straight into a live server's database (the
queue with something in it: pending ones with an email, an approved one with an answer), and
the queue's pages as the HTML checker reads them."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import create_engine, select, text

from danvan.comments import moderation
from danvan.comments.models import Comment
from danvan.core.clock import utcnow
from danvan.extensions import db
from danvan.staff.models import User
from tests.support.comments import add_comments
from tests.support.live_clients import database_url_of
from tests.support.live_server import LiveServer
from tests.support.staff import csrf_from

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


def staff_comment_pages(app, staff) -> dict[str, str]:
    """The queue's pages as signed-in ``staff`` sees them (for the HTML checker): the queue with
    pending and answered comments, a refused bulk action, the delete confirmation, the answer
    form and its refusal."""
    with app.app_context():
        ids = add_comments(1, 3, email="ban@example.vn", body="Dòng một.\nDòng <b>hai</b>.")
        moderation.approve(ids[:1])
        moderation.answer(ids[0], "Cảm ơn bạn.", db.session.scalars(select(User)).first())
    pages = {
        "staff: comments, pending": staff.get("/quan-tri/phan-hoi/").text,
        "staff: comments, approved": staff.get("/quan-tri/phan-hoi/?loc=da-duyet").text,
        "staff: delete a comment": staff.get(f"/quan-tri/phan-hoi/{ids[1]}/xoa").text,
        "staff: answer a comment": staff.get(f"/quan-tri/phan-hoi/{ids[0]}/tra-loi").text,
    }
    token = csrf_from(pages["staff: comments, pending"])
    refused = staff.post(
        "/quan-tri/phan-hoi/thao-tac", data={"csrf_token": token, "action": "duyet"}
    )
    answer = staff.post(f"/quan-tri/phan-hoi/{ids[1]}/tra-loi", data={"csrf_token": token})
    asked = staff.post(
        "/quan-tri/phan-hoi/thao-tac",
        data={"csrf_token": token, "action": "xoa", "chon": [str(i) for i in ids]},
    )
    statuses = (refused.status_code, answer.status_code, asked.status_code)
    assert statuses == (422, 422, 200), statuses
    pages["staff: comments, nothing chosen"] = refused.text
    pages["staff: answer refused"] = answer.text
    pages["staff: delete three comments"] = asked.text
    return pages
