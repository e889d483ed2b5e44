"""RSS 2.0 feeds: the site's newest articles, and each shown category's (with those under it).

A feed is rendered once per process and kept in the ``discovery.feeds`` cache
(``core/caches.py``) until an article, a category or the committee's identity (the feeds'
titles) changes, or 30 seconds pass. Links are absolute, at
``DANVAN_SITE_URL`` (``core/hosts.py``): the views answer 404 without it (``views.py``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from flask import render_template
from sqlalchemy import Row

from ..content.categories import category_tree
from ..content.links import article_url_maker
from ..core.caches import cache
from ..core.clock import utcnow
from ..core.hosts import site_url_for
from ..identity.store import current_identity
from . import queries

FEED_LENGTH = 30  # items in a feed: about a month of a provincial committee's news


@dataclass(frozen=True)
class FeedItem:
    """One article as an RSS item."""

    title: str
    link: str
    published: str  # RFC 822, as RSS 2.0 asks
    description: str
    category: str | None


def rfc822(moment: datetime) -> str:
    """``Sun, 24 Jan 2021 16:12:00 GMT``: RFC 822's form (four-digit year), in UTC."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def feed_items(rows: Sequence[Row]) -> list[FeedItem]:
    """The items for feed rows (``queries.feed_statement``)."""
    url = article_url_maker(external=True)
    return [
        FeedItem(
            title=row.title,
            link=url(row.slug, row.id),
            published=rfc822(row.published_at),
            description=row.summary or "",
            category=row.category_name,
        )
        for row in rows
    ]


def render_feed(
    title: str,
    description: str,
    self_url: str,
    page_url: str,
    category_ids: Collection[int] | None,
) -> bytes:
    """An RSS 2.0 document of the newest public articles (of ``category_ids``, when given)."""
    rows = queries.feed_rows(utcnow(), FEED_LENGTH, category_ids)
    items = feed_items(rows)
    xml = render_template(
        "discovery/rss.xml",
        title=title,
        description=description,
        page_url=page_url,
        self_url=self_url,
        items=items,
        # The newest item's date: a feed that did not change keeps its date.
        last_build=items[0].published if items else None,
    )
    return xml.encode("utf-8")


def site_feed() -> bytes:
    """The site's feed (every public article), from this process's cache."""
    site_name = current_identity().full_name

    def render() -> bytes:
        return render_feed(
            site_name,
            f"Tin bài mới nhất của {site_name}",
            site_url_for("discovery.site_feed") or "",
            site_url_for("articles.index") or "",
            None,
        )

    return cache("discovery.feeds").get(("site",), render)


def category_feed(slug: str) -> bytes | None:
    """The feed of the category ``slug`` and the shown ones inside it (the articles its page
    lists); None when there is no such category or it (or one above it) is hidden."""
    tree = category_tree()
    node = tree.by_slug.get(slug)
    if node is None or not tree.is_shown(node.id):
        return None
    site_name = current_identity().full_name
    ids = tree.shown_ids(node.id)

    def render() -> bytes:
        return render_feed(
            f"{node.name} – {site_name}",
            node.description or f"Tin bài chuyên mục {node.name} của {site_name}",
            site_url_for("discovery.category_feed", slug=node.slug) or "",
            site_url_for("listing.category", slug=node.slug) or "",
            ids,
        )

    return cache("discovery.feeds").get(("category", node.id), render)
