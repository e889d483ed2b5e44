"""A resident's comment: which articles take one, the minimum reading time, storing it as
pending, and withdrawing it from the browser that wrote it.

The minimum time between seeing the form and sending it cannot come from the page: the article
page is a shell rendered once per 30 s and kept by shared caches, so a time signed into it is
the shell's drawing time, not this reader's (a script fetching the page and posting at once
would pass whenever the shell is older than the minimum). What does belong to this reader is
the counting beacon's claim (``stats/beacon.py``): when a person's browser loads the article it
asks ``/thong-ke/dem.gif?bai-viet=<id>``, and the statistics store writes
``stats_article_views`` (their anonymous visitor key: HMAC of address and User-Agent with the
day's salt, and when they were first counted for it in the last 30 minutes). A comment is taken
only when that row exists and is at least ``MIN_READING`` old: the browser showed the article
(and so the form) that long before. A script must load the beacon with the same address and
User-Agent and wait, which is the cost we want it to pay. With counting off
(``DANVAN_STATS_ENABLED=false``) there is no claim to read and the check is skipped; the
honeypot, the shared rate limit and moderation remain.
"""

from __future__ import annotations

from datetime import timedelta
from typing import cast

from flask import current_app
from sqlalchemy import Table, delete, select

from ..content.models import Article
from ..core.clock import utcnow
from ..extensions import db
from ..stats.counting import current_visitor
from ..stats.models import RecentArticleView
from .models import Comment, CommentStatus

MIN_READING = timedelta(seconds=3)
PENDING = CommentStatus.PENDING.value

NOT_SENT = "Phản hồi chưa được gửi"
MESSAGES = {
    "no_article": f"{NOT_SENT}: không tìm thấy bài viết này.",
    "closed": f"{NOT_SENT}: bài viết này không nhận phản hồi.",
    "bot": f"{NOT_SENT}: chương trình tự động không được gửi phản hồi.",
    "honeypot": (
        f"{NOT_SENT}: biểu mẫu có dấu hiệu được điền tự động. "
        "Vui lòng kiểm tra lại nội dung rồi bấm Gửi phản hồi."
    ),
    "too_fast": (
        f"{NOT_SENT}: biểu mẫu được gửi quá nhanh sau khi mở trang. "
        "Vui lòng đợi vài giây rồi bấm Gửi phản hồi lần nữa; nội dung bạn viết vẫn còn bên dưới."
    ),
    "invalid": f"{NOT_SENT}: vui lòng sửa các lỗi được đánh dấu bên dưới.",
    "rate_limit": (
        f"{NOT_SENT}: bạn đã gửi quá nhiều phản hồi trong ít phút. "
        "Vui lòng đợi khoảng mười phút rồi gửi lại; nội dung bạn viết vẫn còn bên dưới."
    ),
    "pending": "Phản hồi của bạn đang chờ duyệt",
    "withdrawn": "Đã rút lại phản hồi của bạn.",
    "nothing_to_withdraw": (
        "Không có phản hồi nào đang chờ duyệt của bạn để rút lại "
        "(phản hồi đã được duyệt, đã bị xoá, hoặc được gửi từ trình duyệt khác)."
    ),
}


class CommentRefused(Exception):
    """A comment that must not be stored; ``status`` and ``message`` go to the resident."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def comments_open(article: Article) -> bool:
    """True when residents may comment on the article now (its switch and the site's)."""
    return bool(current_app.config["COMMENTS_ENABLED"] and article.comments_enabled)


def commentable_article(article_id: int) -> Article:
    """The article a comment is for; refuses unknown, unreadable and closed ones."""
    article = db.session.get(Article, article_id)
    if article is None or not article.is_visible():
        raise CommentRefused(404, MESSAGES["no_article"])
    if not comments_open(article):
        raise CommentRefused(403, MESSAGES["closed"])
    return article


def read_long_enough(article_id: int) -> bool:
    """True when this reader's browser loaded the article at least ``MIN_READING`` ago (the
    beacon's claim, see the module's docstring), or when counting is off."""
    if not current_app.config["STATS_ENABLED"]:
        return True
    visitor = current_visitor()
    if visitor is None or visitor.key is None:
        return False
    counted_at = db.session.scalar(
        select(RecentArticleView.counted_at).where(
            RecentArticleView.visitor_key == visitor.key,
            RecentArticleView.article_id == article_id,
        )
    )
    return counted_at is not None and utcnow() - counted_at >= MIN_READING


def store_comment(article_id: int, fields: dict, writer_key: str) -> Comment:
    """Store the comment as pending. The same text sent twice from the same browser (a double
    click, a resent form) is kept once: the first is given back."""
    earlier = db.session.scalar(
        select(Comment).where(
            Comment.article_id == article_id,
            Comment.writer_key == writer_key,
            Comment.status == PENDING,
            Comment.body == fields["body"],
        )
    )
    if earlier is not None:
        db.session.commit()
        return earlier
    comment = Comment(
        article_id=article_id, status=PENDING, writer_key=writer_key, created_at=utcnow(), **fields
    )
    db.session.add(comment)
    db.session.commit()
    return comment


def pending_of(article_id: int, writer_key: str | None) -> list[Comment]:
    """This browser's comments on the article still waiting for moderation, oldest first."""
    if writer_key is None:
        return []
    return list(
        db.session.scalars(
            select(Comment)
            .where(
                Comment.article_id == article_id,
                Comment.writer_key == writer_key,
                Comment.status == PENDING,
            )
            .order_by(Comment.created_at, Comment.id)
        )
    )


def withdraw(article_id: int, comment_id: int, writer_key: str | None) -> bool:
    """Delete the browser's own pending comment (its email with it); True when one went.

    A pending comment is in no count and on no page, so nothing else changes.
    """
    if writer_key is None:
        return False
    comments = cast(Table, Comment.__table__)
    gone = db.session.execute(
        delete(comments)
        .where(
            comments.c.id == comment_id,
            comments.c.article_id == article_id,
            comments.c.writer_key == writer_key,
            comments.c.status == PENDING,
        )
        .returning(comments.c.id)
    ).first()
    db.session.commit()
    return gone is not None
