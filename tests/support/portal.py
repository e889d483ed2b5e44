"""Build categories, tags and articles straight in the database, for the portal's tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from danvan.content.models import Article, ArticleStatus, Category, Tag
from danvan.core.clock import utcnow
from danvan.core.text import slugify
from danvan.extensions import db


def make_category(name: str, parent: Category | None = None, **values) -> Category:
    """Add a category (the caller commits)."""
    category = Category(name=name, slug=values.pop("slug", slugify(name)), **values)
    category.parent = parent
    db.session.add(category)
    db.session.flush()
    return category


def make_article(
    title: str,
    category: Category | None = None,
    *,
    hours_ago: float = 1,
    status: str = ArticleStatus.PUBLISHED.value,
    tags: tuple[Tag, ...] = (),
    **values,
) -> Article:
    """Add an article published ``hours_ago`` (negative: scheduled) (the caller commits)."""
    article = Article(
        title=title,
        slug=values.pop("slug", slugify(title)),
        summary=values.pop("summary", f"Tóm tắt {title}"),
        body_html=values.pop("body_html", f"<p>{title}</p>"),
        status=status,
        published_at=values.pop("published_at", utcnow() - timedelta(hours=hours_ago)),
        category=category,
        **values,
    )
    article.tags = list(tags)
    db.session.add(article)
    db.session.flush()
    return article


def published_at(hours_ago: float) -> datetime:
    """A publishing time ``hours_ago`` before now."""
    return utcnow() - timedelta(hours=hours_ago)
