"""What an article page shows around the article: where it sits and what to read next.

Breadcrumbs (Trang chủ › parent › category), its tags, and, as NukeViet does, the articles of
the same category just newer and just older than this one. Each list is one query on the
``(category_id, status, published_at)`` index reading only the columns a link needs, and
the page is a shell (``site/shells.py``), so they run once per article per 30 s per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, tuple_

from ..content.categories import CategoryNode, category_tree
from ..content.models import Article, ArticleStatus
from ..core.clock import utcnow
from ..extensions import db

RELATED_COUNT = 5


@dataclass(frozen=True)
class ArticleLink:
    """Enough of an article to link to it with its date."""

    id: int
    slug: str
    title: str
    published_at: datetime


def _neighbours(article: Article, newer: bool) -> list[ArticleLink]:
    """The readable articles of ``article``'s category published just after (or before) it."""
    assert article.category_id is not None and article.published_at is not None
    position = tuple_(Article.published_at, Article.id)
    here = tuple_(article.published_at, article.id)
    order = (
        (Article.published_at.asc(), Article.id.asc())
        if newer
        else (Article.published_at.desc(), Article.id.desc())
    )
    query = (
        select(Article.id, Article.slug, Article.title, Article.published_at)
        .where(
            Article.category_id == article.category_id,
            Article.status == ArticleStatus.PUBLISHED.value,
            position > here if newer else position < here,
            Article.published_at <= utcnow(),
        )
        .order_by(*order)
        .limit(RELATED_COUNT)
    )
    links = [ArticleLink(*row) for row in db.session.execute(query)]  # type: ignore[arg-type]
    return list(reversed(links)) if newer else links  # newest first, as every list here


def shown_trail(category_id: int | None) -> tuple[CategoryNode, ...]:
    """The article's category and its ancestors, when residents see that category."""
    tree = category_tree()
    if category_id is None or not tree.is_shown(category_id):
        return ()
    return tree.path(category_id)


def related_context(article: Article) -> dict[str, Any]:
    """The article page's breadcrumbs, tags and newer / older articles of its category."""
    trail = shown_trail(article.category_id)
    context: dict[str, Any] = dict(trail=trail, tags=list(article.tags), newer=[], older=[])
    if trail and article.published_at is not None:
        context.update(newer=_neighbours(article, True), older=_neighbours(article, False))
    return context
