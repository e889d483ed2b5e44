"""Public pages any shared cache may keep: the same bytes for every resident, no cookie before
a resident acts, validators and 304s; nothing personal ever marked public (issue 16, item 1).

The walk covers every GET route of the app: each is either a shared page (with a sample URL
here) or named below with the reason it is not, so a new route must be placed in one or the
other before the suite passes.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from danvan.content.models import Category
from danvan.documents.models import Document
from danvan.extensions import db
from danvan.pages.models import Page
from tests.support.live_server import BROWSER_UA
from tests.support.site_host import SITE_HOST, at_site
from tests.support.staff import make_user, sign_in

PUBLIC = "public, max-age=0, s-maxage=10, stale-while-revalidate=30"  # the default settings
PRIVATE = "private, no-store"

# GET routes that are not shared pages, and why. They must still set no cookie for a resident
# (checked below), except the sign-in page, whose form is bound to a session.
NOT_SHARED = {
    "static": "files with their own year-long immutable caching (core/assets.py)",
    "media.upload": "images with their own year-long immutable caching",
    "documents.download": "a file with its own validators and an hour's caching",
    "discovery.robots": "its own day-long public caching",
    "discovery.favicon": "its own day-long public caching",
    "pages.contact": "holds the form's signed drawing time: no-store",
    "rating.own_vote": "one voter's own vote: never shared",
    "comments.own": "one writer's own pending comments: never shared",
    "rating.rating_json": "a live figure for audits",
    "stats.block": "the statistics block htmx polls: live figures",
    "stats.api": "live figures for monitoring",
    "stats.beacon": "the counting beacon: the one request no cache may answer",
    "health.healthz": "a health check must reach the process",
    "session.status": "staff sessions",
    "auth.login": "the staff door: its form is bound to a session",
}


def shared_urls(app) -> dict[str, str]:
    """One sample URL of every shared page of the sample site."""
    with app.app_context():
        category = db.session.scalars(select(Category).order_by(Category.id)).first()
        page = db.session.scalars(select(Page).where(Page.kind == "page").order_by(Page.id)).first()
        english = db.session.scalars(select(Page).where(Page.slug_en.is_not(None))).first()
        document = db.session.scalars(select(Document).order_by(Document.id)).first()
        return {
            "articles.index": "/",
            "articles.article": "/tin-tuc/ca-he-thong-chinh-tri-cua-tinh-tiep-tuc-lam-tot-cong-"
            "tac-dan-van-trong-giai-doan-moi-1",
            "listing.category": f"/chuyen-muc/{category.slug}",
            "listing.tag": "/the/khong-co-the-nay",  # a 404 is the same for everyone too
            "pages.page": f"/gioi-thieu/{page.slug}",
            "english.home": "/en/",
            "english.page": f"/en/{english.slug_en}",
            "search.search": "/tim-kiem?q=dan+van",
            "stats.about": "/thong-ke",
            "comments.page": "/tin-tuc/1/phan-hoi?trang=2",  # 404 until a second page exists
            "documents.index": "/van-ban/",
            "documents.detail": f"/van-ban/{document.slug}-{document.id}",
            "discovery.site_feed": "/rss.xml",
            "discovery.category_feed": f"/chuyen-muc/{category.slug}/rss.xml",
            "discovery.sitemap": "/sitemap.xml",
            "discovery.sitemap_part": "/sitemap-1.xml",  # 404 while one file holds every URL
            "discovery.pages_sitemap": "/sitemap-trang.xml",
            "discovery.news_sitemap": "/sitemap-news.xml",
        }


def resident(app):
    """A first-time resident's browser: no cookie of the site yet."""
    client = at_site(app.test_client())
    client.environ_base.update(HTTP_USER_AGENT=BROWSER_UA)
    return client


def test_every_get_route_is_a_shared_page_or_says_why_not(site):
    from danvan.core.http_cache import is_shared_cacheable

    with site.test_request_context():
        endpoints = {
            rule.endpoint
            for rule in site.url_map.iter_rules()
            if "GET" in rule.methods and not rule.endpoint.startswith("admin.")
        }
        shared = {endpoint for endpoint in endpoints if is_shared_cacheable(endpoint)}
    assert shared == set(shared_urls(site)), "a shared page without a sample URL here"
    unplaced = endpoints - shared - set(NOT_SHARED)
    assert not unplaced, f"GET routes neither shared nor explained: {sorted(unplaced)}"
    assert not shared & set(NOT_SHARED)


def test_no_anonymous_public_get_sets_a_cookie_and_shared_pages_are_public(site):
    for url in shared_urls(site).values():
        response = resident(site).get(url)
        assert response.status_code in (200, 301, 404), (url, response.status_code)
        assert response.headers.getlist("Set-Cookie") == [], url
        assert response.headers["Cache-Control"] == PUBLIC, url
        assert "Cookie" not in response.headers.get("Vary", ""), url
        assert "csrf" not in response.get_data(as_text=True), url
        if response.status_code == 200:
            assert response.headers.get("ETag") and response.headers.get("Last-Modified"), url
    for url in ("/lien-he", "/thong-ke/khoi", "/api/stats", "/api/articles/1/rating", "/healthz"):
        response = resident(site).get(url)
        assert response.status_code in (200, 303), url  # the block without htmx: its page
        assert response.headers.getlist("Set-Cookie") == [], url
        assert "Cookie" not in response.headers.get("Vary", ""), url


def test_every_resident_gets_the_same_bytes_whatever_cookies_they_hold(site):
    voter = resident(site)
    assert voter.post("/tin-tuc/1/danh-gia", data={"stars": "5"}).status_code == 303
    assert voter.get_cookie("danvan_voter", domain=SITE_HOST) is not None
    for url in shared_urls(site).values():
        first, second, voting = resident(site).get(url), resident(site).get(url), voter.get(url)
        assert first.data == second.data == voting.data, url
        assert first.headers.get("ETag") == voting.headers.get("ETag"), url
        assert voting.headers["Cache-Control"] == PUBLIC, url


def test_a_matching_validator_gets_a_304_without_the_body(site):
    url = shared_urls(site)["articles.article"]
    first = resident(site).get(url)
    etag = first.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{40}"', etag)  # strong: a hash of these exact bytes
    again = resident(site).get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["Cache-Control"] == PUBLIC and again.headers["ETag"] == etag
    other = resident(site).get(url, headers={"If-None-Match": '"0000"'})
    assert other.status_code == 200 and other.data == first.data
    head = resident(site).head(url, headers={"If-None-Match": etag})
    assert head.status_code == 304


def test_staff_pages_are_private_and_never_public(site):
    make_user(site, "canbo")
    staff = resident(site)
    assert sign_in(staff, "canbo").status_code == 303
    for url in shared_urls(site).values():
        response = staff.get(url)
        assert response.headers["Cache-Control"] == PRIVATE, url
        assert "ETag" not in response.headers, url
    page = staff.get(shared_urls(site)["articles.article"]).get_data(as_text=True)
    assert '<meta name="csrf-token"' in page  # staff keep the token way


def test_the_settings_set_the_header(app_factory):
    from danvan.content.sample import load_sample_content

    app = app_factory(CACHE_SHARED_MAX_AGE=60, CACHE_STALE=5)
    with app.app_context():
        load_sample_content()
    response = app.test_client().get("/")
    assert response.headers["Cache-Control"] == (
        "public, max-age=0, s-maxage=60, stale-while-revalidate=5"
    )


def test_a_shared_page_that_sets_a_cookie_or_a_flash_is_made_private(app_factory):
    from flask import flash, make_response

    from danvan.core.http_cache import shared_cacheable

    app = app_factory()

    @shared_cacheable
    def with_cookie():
        response = make_response("<p>một người</p>")
        response.set_cookie("x", "1")
        return response

    @shared_cacheable
    def with_flash():
        flash("chỉ cho một người")
        return "<p>một người</p>"

    app.add_url_rule("/thu-cookie", view_func=with_cookie)
    app.add_url_rule("/thu-flash", view_func=with_flash)
    client = app.test_client()
    assert client.get("/thu-cookie").headers["Cache-Control"] == PRIVATE
    flashed = client.get("/thu-flash")
    assert flashed.headers["Cache-Control"] == PRIVATE and "ETag" not in flashed.headers


def test_a_client_that_takes_gzip_gets_the_page_compressed_once_with_its_own_validator(site):
    import gzip

    url = shared_urls(site)["articles.article"]
    plain = resident(site).get(url)
    zipped = resident(site).get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    for answer in (plain, zipped):
        assert "Accept-Encoding" in answer.headers["Vary"]
    assert gzip.decompress(zipped.data) == plain.data
    assert len(zipped.data) < len(plain.data) / 3
    assert zipped.headers["ETag"] == plain.headers["ETag"][:-1] + '-gzip"'
    assert zipped.headers["Cache-Control"] == PUBLIC
    again = resident(site).get(
        url, headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["ETag"]}
    )
    assert again.status_code == 304
    # The plain copy's validator does not match the compressed copy, nor the other way round.
    crossed = resident(site).get(
        url, headers={"Accept-Encoding": "gzip", "If-None-Match": plain.headers["ETag"]}
    )
    assert crossed.status_code == 200 and crossed.data == zipped.data
    # Kept by the body's hash: the next reader's copy is the same bytes, not compressed anew.
    with site.app_context():
        from danvan.core.caches import cache

        assert len(cache("http.gzipped")) == 1
