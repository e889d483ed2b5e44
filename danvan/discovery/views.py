"""What crawlers and feed readers fetch: RSS feeds, sitemaps, robots.txt, /favicon.ico.

The feeds and sitemaps are made of absolute URLs (RSS 2.0 and the sitemap protocol both require
them), and the site's address comes only from ``DANVAN_SITE_URL``, never from the request's
Host (``core/hosts.py``). A site that has not been told its address therefore serves none of
them (a Vietnamese 404 saying why), links to no feed, and names no sitemap in robots.txt.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.exceptions import NotFound

from ..core.assets import accepts_gzip
from ..core.hosts import site_adapter, site_url_for
from ..core.http_cache import shared_cacheable
from . import feeds, sitemaps

bp = Blueprint("discovery", __name__)

ROBOTS_MAX_AGE = 24 * 3600
FAVICON_MAX_AGE = 30 * 24 * 3600  # its URL cannot carry a version: a month, not a year
FAVICON = "img/favicon.ico"

NO_SITE_URL = (
    "Trang chưa được khai báo địa chỉ chính thức (DANVAN_SITE_URL), nên chưa có tin RSS "
    "và sơ đồ trang."
)
NO_CATEGORY = "Không có chuyên mục này, hoặc chuyên mục đang ẩn."
NO_SITEMAP_PAGE = "Sơ đồ trang không có phần này."


def not_found(message: str) -> NotFound:
    """A 404 whose page says ``message`` (core/errors.py reads ``vietnamese``)."""
    error = NotFound()
    error.vietnamese = message  # type: ignore[attr-defined]
    return error


def require_site_url() -> None:
    """404 unless ``DANVAN_SITE_URL`` is set (see the module's docstring)."""
    if site_adapter() is None:
        raise not_found(NO_SITE_URL)


def xml_response(body: bytes, mimetype: str) -> Response:
    """A feed or sitemap, UTF-8; its views are ``@shared_cacheable`` (``core/http_cache.py``
    says for how long)."""
    return Response(body, mimetype=mimetype)


def sitemap_response(document: sitemaps.Compressed) -> Response:
    """A sitemap, sent as stored (gzip) to clients that take it, else decompressed."""
    gzipped = accepts_gzip()
    response = xml_response(document.gzipped if gzipped else document.plain(), "application/xml")
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


@bp.get("/rss.xml")
@shared_cacheable
def site_feed():
    """The site's RSS 2.0 feed: the newest public articles."""
    require_site_url()
    return xml_response(feeds.site_feed(), "application/rss+xml")


@bp.get("/chuyen-muc/<slug>/rss.xml")
@shared_cacheable
def category_feed(slug: str):
    """A category's RSS 2.0 feed (its articles and those of the shown categories under it)."""
    require_site_url()
    body = feeds.category_feed(slug)
    if body is None:
        raise not_found(NO_CATEGORY)
    return xml_response(body, "application/rss+xml")


@bp.get("/sitemap.xml")
@shared_cacheable
def sitemap():
    """The sitemap, or past ``URLS_PER_SITEMAP`` URLs the index of its pages."""
    require_site_url()
    return sitemap_response(sitemaps.sitemap_root())


@bp.get("/sitemap-<int:number>.xml")
@shared_cacheable
def sitemap_part(number: int):
    """One page of the sitemap (1…N; 0 and other non-ids are 404 by the id converter)."""
    require_site_url()
    page = sitemaps.sitemap_page(number)
    if page is None:
        raise not_found(NO_SITEMAP_PAGE)
    return sitemap_response(page)


@bp.get("/sitemap-trang.xml")
@shared_cacheable
def pages_sitemap():
    """The sitemap of the committee's pages, Vietnamese and English."""
    require_site_url()
    return sitemap_response(sitemaps.pages_sitemap())


@bp.get("/sitemap-news.xml")
@shared_cacheable
def news_sitemap():
    """The Google News sitemap of the last two days."""
    require_site_url()
    return sitemap_response(sitemaps.news_sitemap())


@bp.get("/robots.txt")
def robots():
    """Crawlers: everything but the staff area and sign-in; the sitemaps, when known."""
    names = ("discovery.sitemap", "discovery.news_sitemap", "discovery.pages_sitemap")
    text = render_template(
        "discovery/robots.txt",
        sitemaps=[url for url in (site_url_for(name) for name in names) if url],
    )
    response = Response(text + "\n", mimetype="text/plain")
    response.cache_control.public = True
    response.cache_control.max_age = ROBOTS_MAX_AGE
    return response


@bp.get("/favicon.ico")
def favicon():
    """The emblem as an ICO (16, 32, 48 px), for browsers and tools that ask for this path."""
    # 5 KB read whole: no file left open for the server to close, and an ETag of its content.
    data = (Path(current_app.static_folder or "") / FAVICON).read_bytes()
    response = Response(data, mimetype="image/x-icon")
    response.cache_control.public = True
    response.cache_control.max_age = FAVICON_MAX_AGE
    response.add_etag()
    return response.make_conditional(request)
