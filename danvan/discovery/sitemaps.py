"""Sitemaps (https://www.sitemaps.org/protocol.html) and the Google News sitemap.

``/sitemap.xml`` lists the home page, every public article, the documents' list (``/van-ban/``)
and every public document while they fit in one file
(``URLS_PER_SITEMAP``, the protocol's limit of 50,000); past that it is a sitemap index naming
``/sitemap-1.xml`` … ``/sitemap-N.xml``. Articles go oldest first, so an article stays on its
page as new ones are published; the documents, far fewer, come after them.

A page of 50,000 URLs is about 8 MB of XML and takes about 0.4 s to build, so
each document is built once per process and kept gzip-compressed (about a twentieth) in
the ``discovery.sitemaps`` cache until an article changes or 30 seconds pass; a client that
does not take gzip (crawlers all do) gets it decompressed.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, render_template

from ..content.links import article_url_maker
from ..core.caches import cache
from ..core.clock import local_time, utcnow
from ..core.hosts import site_url_for
from ..documents.queries import public_count, sitemap_rows
from ..extensions import db
from ..pages.menu import ordered_pages, tree_order
from ..pages.models import Page
from . import queries

URLS_PER_SITEMAP = 50_000  # the protocol's limit per file (tests lower it)
NEWS_WINDOW = timedelta(days=2)  # Google News reads articles of the last two days
NEWS_LIMIT = 1_000  # and at most 1,000 URLs per news sitemap


@dataclass(frozen=True)
class Compressed:
    """An XML document kept gzip-compressed."""

    gzipped: bytes

    @classmethod
    def of(cls, xml: str) -> Compressed:
        """Compress ``xml`` (level 6: an 8 MB page in about 30 ms)."""
        return cls(gzip.compress(xml.encode("utf-8"), compresslevel=6, mtime=0))

    def plain(self) -> bytes:
        """The document uncompressed."""
        return gzip.decompress(self.gzipped)


@dataclass(frozen=True)
class Plan:
    """How many URLs the sitemap has, so how many pages; and when the home page last changed."""

    urls: int
    newest: datetime | None
    articles: int = 0  # URLs 1…articles are the articles; the documents' list and documents follow

    @property
    def pages(self) -> int:
        """Sitemap pages needed (at least one: the home page is always listed)."""
        return max(1, -(-self.urls // URLS_PER_SITEMAP))


def w3c_datetime(moment: datetime) -> str:
    """``2021-01-24T23:12:00+07:00``: the W3C datetime the protocol asks for, in Vietnam time."""
    return local_time(moment).isoformat(timespec="seconds")


def plan() -> Plan:
    """The current plan, from this process's cache."""

    def compute() -> Plan:
        now = utcnow()
        count = db.session.scalar(queries.count_statement(now)) or 0
        newest = db.session.scalar(queries.newest_statement(now))
        return Plan(urls=1 + count + 1 + public_count(), newest=newest, articles=count)

    return cache("discovery.sitemaps").get("plan", compute)


def _render_page(number: int, current: Plan) -> Compressed:
    # URL positions (number-1)*L … number*L-1 of [home, article 1, article 2, …].
    first = (number - 1) * URLS_PER_SITEMAP
    entries: list[tuple[str, str | None]] = []
    if number == 1:
        home = site_url_for("articles.index") or ""
        entries.append((home, w3c_datetime(current.newest) if current.newest else None))
    offset = max(first - 1, 0)
    limit = URLS_PER_SITEMAP - len(entries)
    url = article_url_maker(external=True)
    rows = db.session.execute(queries.sitemap_statement(utcnow(), offset, limit))
    for article_id, slug, published_at, updated_at in rows:
        # An article written before it was scheduled last changed when it came out.
        changed = max(published_at, updated_at) if updated_at else published_at
        entries.append((url(slug, article_id), w3c_datetime(changed)))
    entries += _document_entries(first + len(entries), URLS_PER_SITEMAP - len(entries), current)
    return Compressed.of(render_template("discovery/sitemap.xml", entries=entries))


def _document_entries(position: int, room: int, current: Plan) -> list[tuple[str, str | None]]:
    """The documents' list and documents from URL ``position`` on, at most ``room`` of them."""
    entries: list[tuple[str, str | None]] = []
    listing = 1 + current.articles  # the list page's position, after the home page and articles
    if room <= 0 or position < listing:
        return entries
    if position == listing:
        entries.append((site_url_for("documents.index") or "", None))
    start = max(position - listing - 1, 0)
    for document_id, slug, updated_at in sitemap_rows(start, room - len(entries)):
        loc = site_url_for("documents.detail", slug=slug, document_id=document_id) or ""
        entries.append((loc, w3c_datetime(updated_at)))
    return entries


def sitemap_page(number: int) -> Compressed | None:
    """Sitemap page ``number`` (1…pages), or None past the last page."""
    current = plan()
    if not 1 <= number <= current.pages:
        return None
    return cache("discovery.sitemaps").get(("page", number), lambda: _render_page(number, current))


def sitemap_root() -> Compressed:
    """``/sitemap.xml``: the one page while everything fits, else the index of the pages."""
    current = plan()
    if current.pages == 1:
        page = sitemap_page(1)
        assert page is not None  # page 1 always exists
        return page

    def render() -> Compressed:
        pages = [
            site_url_for("discovery.sitemap_part", number=number)
            for number in range(1, current.pages + 1)
        ]
        return Compressed.of(render_template("discovery/sitemap_index.xml", pages=pages))

    return cache("discovery.sitemaps").get(("index", current.pages), render)


def news_sitemap() -> Compressed:
    """The Google News sitemap: articles published in the last two days, newest first."""

    def render() -> Compressed:
        now = utcnow()
        url = article_url_maker(external=True)
        rows = db.session.execute(queries.news_statement(now, now - NEWS_WINDOW, NEWS_LIMIT))
        entries = [
            (url(row.slug, row.id), row.title, w3c_datetime(row.published_at)) for row in rows
        ]
        return Compressed.of(
            render_template(
                "discovery/sitemap_news.xml",
                entries=entries,
                publication=current_app.config["SITE_NAME"],
            )
        )

    return cache("discovery.sitemaps").get("news", render)


def pages_sitemap() -> Compressed:
    """``/sitemap-trang.xml``: the committee's published pages, each translated one in both
    languages with ``xhtml:link`` alternates (a site has tens of pages: one small file)."""

    def render() -> Compressed:
        published = db.session.scalars(ordered_pages().where(Page.published.is_(True)))
        pages = tree_order(list(published))
        entries = []
        for page in pages:
            if page.is_contact:
                vietnamese = site_url_for("pages.contact")
            else:
                vietnamese = site_url_for("pages.page", slug=page.slug)
            english = site_url_for("english.page", slug=page.slug_en) if page.has_english else None
            alternates = [("vi", vietnamese), ("en", english)] if english else []
            changed = w3c_datetime(page.updated_at)
            entries.append((vietnamese, changed, alternates))
            if english:
                entries.append((english, changed, alternates))
        return Compressed.of(render_template("discovery/sitemap_pages.xml", entries=entries))

    return cache("discovery.sitemaps").get("pages", render)
