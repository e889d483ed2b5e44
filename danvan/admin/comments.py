"""The comments' moderation queue (``/quan-tri/phan-hoi/``): residents' comments, the pending
ones first and oldest first (the one waiting longest is answered first), then the approved or
rejected ones newest first; 20 to a page, one article or all. Editors and admins alike, as
with articles. What staff do to them: ``comment_actions.py``.

Each filter is served by an index of ``comments``: a status alone by ``(status, created_at)``,
a status and an article by ``(article_id, status, created_at)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request
from sqlalchemy import func, select

from ..comments.models import Comment, CommentStatus
from ..content.models import Article
from ..core.errors import render_error
from ..core.routing import MAX_ID, page_number
from ..extensions import db
from ..staff.models import User
from .blueprint import bp, staff_page

PER_PAGE = 20
# ?loc=… (lọc: filter) → (stored status, what the tab says).
FILTERS = {
    "cho-duyet": (CommentStatus.PENDING.value, "Chờ duyệt"),
    "da-duyet": (CommentStatus.APPROVED.value, "Đã duyệt"),
    "da-tu-choi": (CommentStatus.REJECTED.value, "Đã từ chối"),
}
DEFAULT_FILTER = "cho-duyet"
STATUS_LABELS = {status: label for status, label in FILTERS.values()}
FILTER_OF_STATUS = {status: key for key, (status, _) in FILTERS.items()}
BAD_FILTER = "Bộ lọc không hợp lệ: hãy chọn trạng thái và bài viết trong danh sách."


@dataclass(frozen=True)
class QueueView:
    """Which comments the queue shows: a status filter, perhaps one article, a page."""

    loc: str = DEFAULT_FILTER
    article_id: int | None = None
    page: int = 1

    def args(self) -> dict[str, Any]:
        """The query string that shows this view again (for links and redirects)."""
        values: dict[str, Any] = {"loc": self.loc}
        if self.article_id is not None:
            values["bai-viet"] = self.article_id
        if self.page > 1:
            values["page"] = self.page
        return values


def read_view(values) -> QueueView | None:
    """The view named by ``values`` (a request's args or form), or None when malformed."""
    loc = values.get("loc") or DEFAULT_FILTER
    raw_article = values.get("bai-viet") or ""
    if loc not in FILTERS:
        return None
    article_id = None
    if raw_article:
        if not (raw_article.isascii() and raw_article.isdigit() and len(raw_article) <= 10):
            return None
        article_id = int(raw_article)
        if not 1 <= article_id <= MAX_ID:
            return None
    return QueueView(loc, article_id, page_number(values.get("page")))


def pending_comment_count() -> int:
    """How many comments wait for a moderator (the dashboard and the queue show it)."""
    query = select(func.count()).select_from(Comment).where(Comment.status == "pending")
    return db.session.scalar(query) or 0


def queue_query(view: QueueView):
    """The comments of one view in its order: pending oldest first, the others newest first."""
    status = FILTERS[view.loc][0]
    query = select(Comment).where(Comment.status == status)
    if view.article_id is not None:
        query = query.where(Comment.article_id == view.article_id)
    if status == CommentStatus.PENDING.value:
        return query.order_by(Comment.created_at, Comment.id)
    return query.order_by(Comment.created_at.desc(), Comment.id.desc())


def commented_articles() -> list[tuple[int, str]]:
    """(id, title) of every article with at least one comment, for the article filter."""
    with_comments = select(Comment.article_id).distinct()
    query = select(Article.id, Article.title).where(Article.id.in_(with_comments))
    return [(row.id, row.title) for row in db.session.execute(query.order_by(Article.title))]


def articles_of(comments: list[Comment]) -> dict[int, Article]:
    """The articles of a page of comments, by id, in one query."""
    ids = {comment.article_id for comment in comments}
    if not ids:
        return {}
    return {a.id: a for a in db.session.scalars(select(Article).where(Article.id.in_(ids)))}


def answerers_of(comments: list[Comment]) -> dict[int, str]:
    """The display name of each staff member who answered one of ``comments``.

    Accounts have no display name of their own: the username is it.
    """
    ids = {comment.answered_by for comment in comments if comment.answered_by is not None}
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.username).where(User.id.in_(ids)))
    return {row.id: row.username for row in rows}


def queue_context(view: QueueView) -> dict[str, object]:
    """What the queue page shows for ``view`` (also when a refused action shows it again)."""
    page = db.paginate(queue_query(view), page=view.page, per_page=PER_PAGE, error_out=False)
    if not page.items and 1 <= page.pages < view.page:
        # Past the end, as after approving a whole last page: the last page there is.
        view = QueueView(view.loc, view.article_id, page.pages)
        page = db.paginate(queue_query(view), page=view.page, per_page=PER_PAGE, error_out=False)
    comments = list(page.items)
    chosen_article = db.session.get(Article, view.article_id) if view.article_id else None
    return {
        "page": page,
        "comments": comments,
        "view": view,
        "filters": FILTERS,
        "status_labels": STATUS_LABELS,
        "articles": articles_of(comments),
        "answerers": answerers_of(comments),
        "article_choices": commented_articles(),
        "chosen_article": chosen_article,
        "pending_count": pending_comment_count(),
    }


def queue_page(view: QueueView, status: int = 200, **extra: object):
    """The queue page for ``view``."""
    return staff_page("admin/comments.html", status=status, **queue_context(view), **extra)


@bp.get("/phan-hoi/")
def comments():
    """One page of the queue (``?loc=cho-duyet|da-duyet|da-tu-choi&bai-viet=ID&page=N``)."""
    view = read_view(request.args)
    if view is None:
        return render_error(400, BAD_FILTER)
    return queue_page(view)
