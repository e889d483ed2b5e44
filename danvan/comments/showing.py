"""The approved comments under an article, 20 a page, oldest first, with the editors' answers.

Page 1 is part of the article page's shell (``site/shells.py`` renders it once per 30 s, and
``moderation.py`` forgets the shell when a change shows on the page); later pages are
``/tin-tuc/<id>/phan-hoi?trang=N``, a shared page of their own. Everything here is the same for
every reader: no writer's own state (their pending comments are on their own page).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup
from sqlalchemy import func, select

from ..content.models import Article
from ..extensions import db
from ..site.paging import PageNumbers
from ..staff.models import User
from .form import CommentForm
from .models import Comment, CommentStatus
from .posting import comments_open
from .text import comment_html

PER_PAGE = 20
APPROVED = CommentStatus.APPROVED.value
ANSWER_HEADING = "Ban biên tập trả lời"


@dataclass(frozen=True)
class ShownComment:
    """One approved comment as the page shows it (no email, no writer key)."""

    id: int
    name: str
    created_at: datetime
    html: Markup
    answer_html: Markup | None
    answered_by: str | None


@dataclass(frozen=True)
class CommentsPage(PageNumbers):
    """Page ``page`` of an article's ``total`` approved comments."""

    article_id: int
    items: list[ShownComment]
    page: int
    total: int
    per_page: int = PER_PAGE


def staff_display_name(user: User | None) -> str | None:
    """The name an answer is signed with: the account's display name when it has one."""
    if user is None:
        return None
    return getattr(user, "display_name", None) or user.username


def comments_page(article_id: int, number: int = 1) -> CommentsPage | None:
    """Page ``number`` of the article's approved comments, or None past the last page (page 1
    always exists). Both queries run on the (article, status, created) index."""
    approved = (Comment.article_id == article_id, Comment.status == APPROVED)
    total = db.session.scalar(select(func.count()).select_from(Comment).where(*approved)) or 0
    if number > 1 and (number - 1) * PER_PAGE >= total:
        return None
    rows = list(
        db.session.execute(
            select(Comment, User)
            .outerjoin(User, User.id == Comment.answered_by)
            .where(*approved)
            .order_by(Comment.created_at, Comment.id)
            .limit(PER_PAGE)
            .offset((number - 1) * PER_PAGE)
        ).all()
    )
    items = [
        ShownComment(
            comment.id,
            comment.name,
            comment.created_at,
            comment_html(comment.body),
            comment_html(comment.answer_body) if comment.answer_body else None,
            staff_display_name(user) if comment.answer_body else None,
        )
        for comment, user in rows
    ]
    return CommentsPage(article_id, items, number, total)


def comments_context(article: Article, number: int = 1) -> dict[str, Any]:
    """What ``templates/comments/_section.html`` needs under an article page."""
    return {
        "comments": comments_page(article.id, number) if article.id else None,
        "comments_open": comments_open(article) and bool(article.id),
        "comment_form": CommentForm(formdata=None),
        "comment_heading": ANSWER_HEADING,
    }
