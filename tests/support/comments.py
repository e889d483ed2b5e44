"""Comments for tests: stored straight into the table, as the form would leave them."""

from __future__ import annotations

from sqlalchemy import select

from danvan.comments.models import Comment
from danvan.content.models import Article
from danvan.extensions import db


def first_article_id() -> int:
    """The sample article's id (inside an app context)."""
    return db.session.scalars(select(Article.id).order_by(Article.id)).first()


def add_comments(article_id: int, count: int, status: str = "pending", **fields) -> list[int]:
    """Store ``count`` comments on the article; returns their ids, oldest first."""
    rows = [
        Comment(
            article_id=article_id,
            name=fields.get("name", f"Người đọc {number}"),
            email=fields.get("email"),
            body=fields.get("body", f"Ý kiến số {number}"),
            status=status,
            writer_key=fields.get("writer_key"),
        )
        for number in range(1, count + 1)
    ]
    db.session.add_all(rows)
    db.session.commit()
    return [row.id for row in rows]


def comment_count(article_id: int) -> int:
    """The article's stored count of approved comments, read afresh."""
    db.session.expire_all()
    return db.session.get(Article, article_id).comment_count


ARTICLE_PAGE = (
    "/tin-tuc/ca-he-thong-chinh-tri-cua-tinh-tiep-tuc-lam-tot-cong-tac-"
    "dan-van-trong-giai-doan-moi-1"
)


def has_read(app, client, article_id: int = 1, seconds_ago: float = 5) -> None:
    """Let ``client`` look at the article as a browser does (its beacon), ``seconds_ago``: the
    comment form's minimum reading time reads that claim (comments/posting.py)."""
    from datetime import timedelta

    from sqlalchemy import update

    from danvan.core.clock import utcnow
    from danvan.stats.models import RecentArticleView

    assert client.get(f"/thong-ke/dem.gif?bai-viet={article_id}").status_code == 200
    with app.app_context():
        db.session.execute(
            update(RecentArticleView)
            .where(RecentArticleView.article_id == article_id)
            .values(counted_at=utcnow() - timedelta(seconds=seconds_ago))
        )
        db.session.commit()


def pending_bodies(app) -> list[str]:
    """Every stored comment's body, oldest first."""
    with app.app_context():
        return list(db.session.scalars(select(Comment.body).order_by(Comment.id)))
