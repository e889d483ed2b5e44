"""Sitemaps, the sitemap index past the per-file limit, and the Google News sitemap."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest

from danvan.content.models import Article
from danvan.core.clock import utcnow
from danvan.discovery import sitemaps
from danvan.documents.models import Document
from danvan.extensions import db
from tests.discovery.conftest import DOCUMENT_PATHS, SAMPLE_PATH, SITE, add_article, ago

# The default settings' header of a public page (core/http_cache.py).
PUBLIC = "public, max-age=0, s-maxage=10, stale-while-revalidate=30"

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
# W3C datetime to the second, with the Vietnam offset (the protocol accepts any W3C form).
W3C = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$")
URL_CHILDREN = {f"{{{NS}}}{name}" for name in ("loc", "lastmod", "changefreq", "priority")}


def xml_of(response):
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/xml; charset=utf-8"
    assert response.data.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.data)


def urlset(response) -> list[tuple[str, str | None]]:
    """(loc, lastmod) of each <url>, after checking the urlset's shape against the schema's."""
    root = xml_of(response)
    assert root.tag == f"{{{NS}}}urlset"
    entries = []
    for url in root:
        assert url.tag == f"{{{NS}}}url"
        assert {child.tag for child in url} <= URL_CHILDREN
        (loc,) = url.findall(f"{{{NS}}}loc")
        assert loc.text.startswith(SITE + "/") and len(loc.text) < 2048
        lastmod = url.findtext(f"{{{NS}}}lastmod")
        assert lastmod is None or W3C.match(lastmod), lastmod
        entries.append((loc.text, lastmod))
    return entries


def test_sitemap_lists_the_home_page_and_every_public_article(reader, site):
    with site.app_context():
        # Written long ago, published yesterday: it last changed when it came out.
        early = add_article("Viết trước", ago(days=1), slug="viet-truoc")
        early.updated_at = ago(days=30)
        db.session.commit()
        edited = add_article("Sửa sau", ago(days=3), slug="sua-sau")
        edited.title = "Đã sửa"
        db.session.commit()
        early_path, edited_path = f"/tin-tuc/viet-truoc-{early.id}", f"/tin-tuc/sua-sau-{edited.id}"
        edited_at = edited.updated_at
        newest = early.published_at
    entries = urlset(reader.get("/sitemap.xml"))
    assert [loc for loc, _ in entries] == [
        SITE + "/",
        SITE + SAMPLE_PATH,  # oldest first: 2021
        SITE + edited_path,
        SITE + early_path,
        *(SITE + path for path in DOCUMENT_PATHS),
    ]
    lastmods = dict(entries)
    assert lastmods[SITE + "/"] == sitemaps.w3c_datetime(newest)
    assert lastmods[SITE + early_path] == sitemaps.w3c_datetime(newest)
    assert lastmods[SITE + edited_path] == sitemaps.w3c_datetime(edited_at)


def test_sitemap_is_sent_gzipped_to_clients_that_take_it(reader):
    plain = reader.get("/sitemap.xml", headers={"Accept-Encoding": "identity"})
    zipped = reader.get("/sitemap.xml", headers={"Accept-Encoding": "gzip, br"})
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert (
        "Accept-Encoding" in zipped.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    )
    assert zipped.headers["Cache-Control"] == PUBLIC
    assert "Set-Cookie" not in zipped.headers


@pytest.fixture
def small_files(monkeypatch):
    """Three URLs per sitemap file instead of 50,000."""
    monkeypatch.setattr(sitemaps, "URLS_PER_SITEMAP", 3)


def test_past_the_limit_the_sitemap_becomes_an_index_of_pages(reader, site, small_files):
    with site.app_context():
        # With the sample article and the home page: 8 URLs, then the documents' list and the
        # two sample documents, which cross into a fourth page.
        for number in range(6):
            add_article(f"Bài {number}", ago(days=10 - number), slug=f"bai-{number}")
        expected = (
            [SITE + "/"]
            + [
                SITE + f"/tin-tuc/{article.slug}-{article.id}"
                for article in db.session.scalars(
                    db.select(Article).order_by(Article.published_at, Article.id)
                )
            ]
            + [SITE + path for path in DOCUMENT_PATHS]
        )
    root = xml_of(reader.get("/sitemap.xml"))
    assert root.tag == f"{{{NS}}}sitemapindex"
    assert [child.tag for child in root] == [f"{{{NS}}}sitemap"] * 4
    locs = [child.findtext(f"{{{NS}}}loc") for child in root]
    assert locs == [f"{SITE}/sitemap-{number}.xml" for number in (1, 2, 3, 4)]
    pages = [urlset(reader.get(loc.removeprefix(SITE))) for loc in locs]
    assert [len(page) for page in pages] == [3, 3, 3, 2]
    assert [loc for page in pages for loc, _ in page] == expected  # each URL once, in order
    for path in ("/sitemap-5.xml", "/sitemap-999.xml"):
        response = reader.get(path)
        assert response.status_code == 404
        assert "Sơ đồ trang không có phần này." in response.get_data(as_text=True)


def test_while_everything_fits_the_sitemap_is_one_page(reader, site, small_files):
    with site.app_context():
        # Documents not yet published are in no sitemap; the list page is.
        for document in db.session.scalars(db.select(Document)):
            document.published = False
        db.session.commit()
    assert [loc for loc, _ in urlset(reader.get("/sitemap.xml"))] == [
        SITE + "/",
        SITE + SAMPLE_PATH,
        SITE + "/van-ban/",
    ]
    assert reader.get("/sitemap-1.xml").data == reader.get("/sitemap.xml").data
    assert reader.get("/sitemap-2.xml").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/sitemap-0.xml",
        "/sitemap--1.xml",
        "/sitemap-01x.xml",
        "/sitemap-%D9%A1.xml",  # an Arabic-Indic one
        "/sitemap-99999999999999999999.xml",
        "/sitemap-.xml",
        "/sitemap-1.xml/",
    ],
)
def test_sitemap_pages_that_cannot_exist_are_not_found(reader, path):
    assert reader.get(path).status_code == 404


def test_news_sitemap_has_the_last_two_days(reader, site):
    with site.app_context():
        recent = add_article("Tin <hôm qua> & nay", ago(days=1), slug="hom-qua")
        add_article("Tin ba ngày trước", ago(days=3), slug="ba-ngay")
        recent_path, recent_at = f"/tin-tuc/hom-qua-{recent.id}", recent.published_at
    root = xml_of(reader.get("/sitemap-news.xml"))
    assert root.tag == f"{{{NS}}}urlset"
    (url,) = root
    assert url.findtext(f"{{{NS}}}loc") == SITE + recent_path
    news = url.find(f"{{{NEWS}}}news")
    assert news.findtext(f"{{{NEWS}}}publication/{{{NEWS}}}name") == "Ban Dân vận Tỉnh ủy"
    assert news.findtext(f"{{{NEWS}}}publication/{{{NEWS}}}language") == "vi"
    assert news.findtext(f"{{{NEWS}}}publication_date") == sitemaps.w3c_datetime(recent_at)
    assert news.findtext(f"{{{NEWS}}}title") == "Tin <hôm qua> & nay"


def test_news_sitemap_of_a_quiet_site_is_an_empty_list(reader):
    root = xml_of(reader.get("/sitemap-news.xml"))
    assert root.tag == f"{{{NS}}}urlset" and list(root) == []


def test_without_the_site_address_there_is_no_sitemap(client):
    # The protocol asks for absolute URLs, which the site may not take from the request.
    for path in ("/sitemap.xml", "/sitemap-1.xml", "/sitemap-news.xml"):
        response = client.get(path)
        assert response.status_code == 404
        assert "DANVAN_SITE_URL" in response.get_data(as_text=True)


def test_w3c_datetime_is_vietnam_time():
    moment = datetime.fromisoformat("2021-01-24T16:12:00+00:00")
    assert sitemaps.w3c_datetime(moment) == "2021-01-24T23:12:00+07:00"
    assert W3C.match(sitemaps.w3c_datetime(utcnow()))
