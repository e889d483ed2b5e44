"""What the feeds and sitemaps read: only the columns they print, through the articles' indexes.

Every statement selects public articles (published, publish time come) by
``ix_articles_status_published_at`` (status, published_at), or, for a category feed,
``ix_articles_category_published`` (category_id, status, published_at): none scans the
articles table, however many there are (``tests/discovery/test_query_plans.py`` reads the plans
of the statements each document really runs, on SQLite and PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Row, Select, func, select

from ..content.models import Article, ArticleStatus, Category
from ..core.database import without_index
from ..extensions import db


def is_public(now: datetime) -> ColumnElement[bool]:
    """The condition residents' lists use: published, and its publish time has come."""
    return (Article.status == ArticleStatus.PUBLISHED.value) & (Article.published_at <= now)


def feed_statement(
    now: datetime, limit: int, category_ids: Collection[int] | None = None
) -> Select:
    """The newest public articles, optionally of some categories, with their category's name."""
    statement = select(
        Article.id,
        Article.slug,
        Article.title,
        Article.summary,
        Article.published_at,
        Category.name.label("category_name"),
    ).outerjoin(Category, Category.id == Article.category_id)
    if category_ids is None:
        statement = statement.where(is_public(now))
    else:
        # As a category page does (site/listing.py): kept off the (status, published_at)
        # index, which SQLite would otherwise walk newest first reading every row for its
        # category; the (category_id, status, published_at) one finds them directly.
        statement = statement.where(
            Article.category_id.in_(sorted(category_ids)),
            without_index(Article.status) == ArticleStatus.PUBLISHED.value,
            Article.published_at <= now,
        )
    return statement.order_by(Article.published_at.desc(), Article.id.desc()).limit(limit)


def feed_rows(
    now: datetime, limit: int, category_ids: Collection[int] | None = None
) -> Sequence[Row]:
    """``feed_statement``'s rows (no category ids: every public article)."""
    if category_ids is not None and not category_ids:
        return []
    return db.session.execute(feed_statement(now, limit, category_ids)).all()


def count_statement(now: datetime) -> Select:
    """How many articles are public (read from the index alone)."""
    return select(func.count()).select_from(Article).where(is_public(now))


def newest_statement(now: datetime) -> Select:
    """When the newest public article was published (the home page's last change)."""
    return select(func.max(Article.published_at)).where(is_public(now))


def sitemap_statement(now: datetime, offset: int, limit: int) -> Select:
    """Public articles, oldest first, so that an article stays on the same sitemap page."""
    return (
        select(Article.id, Article.slug, Article.published_at, Article.updated_at)
        .where(is_public(now))
        .order_by(Article.published_at, Article.id)
        .offset(offset)
        .limit(limit)
    )


def news_statement(now: datetime, since: datetime, limit: int) -> Select:
    """Articles published since ``since`` (and by ``now``), newest first."""
    return (
        select(Article.id, Article.slug, Article.title, Article.published_at)
        .where(is_public(now), Article.published_at > since)
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(limit)
    )
