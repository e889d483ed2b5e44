"""What the feeds and sitemaps read: only the columns they print, through the articles' indexes.

Every statement selects public articles (published, publish time come) by
``ix_articles_status_published_at`` (status, published_at), or, for a category feed,
``ix_articles_category_published`` (category_id, status, published_at): none scans the
articles table, however many there are (``tests/discovery/test_query_plans.py`` reads the plans
on SQLite and PostgreSQL). The statements are built by functions so that the test explains the
very statements the pages run.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Row, Select, func, select

from ..content.models import Article, ArticleStatus, Category
from ..extensions import db


def is_public(now: datetime) -> ColumnElement[bool]:
    """The condition residents' lists use: published, and its publish time has come."""
    return (Article.status == ArticleStatus.PUBLISHED.value) & (Article.published_at <= now)


def feed_statement(
    now: datetime, limit: int, category_ids: Collection[int] | None = None
) -> Select:
    """The newest public articles, optionally of some categories, with their category's name."""
    statement = (
        select(
            Article.id,
            Article.slug,
            Article.title,
            Article.summary,
            Article.published_at,
            Category.name.label("category_name"),
        )
        .outerjoin(Category, Category.id == Article.category_id)
        .where(is_public(now))
    )
    if category_ids is not None:
        statement = statement.where(Article.category_id.in_(sorted(category_ids)))
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


@dataclass(frozen=True)
class CategoryNode:
    """One category as the feeds need it."""

    id: int
    slug: str
    name: str
    description: str
    parent_id: int | None
    hidden: bool


def categories() -> dict[int, CategoryNode]:
    """Every category by id (a site has tens of them: read whole, never per article)."""
    rows = db.session.execute(
        select(
            Category.id,
            Category.slug,
            Category.name,
            Category.description,
            Category.parent_id,
            Category.hidden,
        )
    ).all()
    return {row.id: CategoryNode(*row) for row in rows}


def shown_descendant_ids(tree: dict[int, CategoryNode], root: int) -> list[int]:
    """``root`` and the categories under it, leaving out hidden ones and everything under them.

    A category page lists its descendants' articles; its feed lists the same. (When the
    content package gains its own "descendant ids" helper, the feed takes that instead.)
    """
    children: dict[int | None, list[int]] = {}
    for node in tree.values():
        children.setdefault(node.parent_id, []).append(node.id)
    found: list[int] = []
    waiting = [root]
    while waiting:
        current = waiting.pop()
        if current in found or tree[current].hidden:
            continue  # "in found": a cycle an edit left behind must not loop forever
        found.append(current)
        waiting.extend(children.get(current, []))
    return sorted(found)


def is_shown(tree: dict[int, CategoryNode], category_id: int) -> bool:
    """False when the category or one of its ancestors is hidden."""
    seen: set[int] = set()
    current: int | None = category_id
    while current is not None and current not in seen:
        node = tree.get(current)
        if node is None or node.hidden:
            return False
        seen.add(current)
        current = node.parent_id
    return True
