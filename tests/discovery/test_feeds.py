"""RSS 2.0 feeds, read by a real feed library (feedparser), for the site and each category."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime

import feedparser
import pytest
from flask import render_template_string

from danvan.content.models import Category
from danvan.core.caches import ARTICLE, forget
from danvan.discovery.feeds import FEED_LENGTH
from danvan.extensions import db
from tests.discovery.conftest import SAMPLE_PATH, SITE, add_article, ago
from tests.support.html_checks import audit

# The default settings' header of a public page (core/http_cache.py).
PUBLIC = "public, max-age=0, s-maxage=10, stale-while-revalidate=30"

RSS = "application/rss+xml; charset=utf-8"


def parse(response):
    assert response.status_code == 200
    assert response.headers["Content-Type"] == RSS
    feed = feedparser.parse(response.data)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "rss20"
    return feed


def test_site_feed_is_valid_rss_with_absolute_links(reader, site):
    feed = parse(reader.get("/rss.xml"))
    assert feed.feed.title == "Ban Dân vận Tỉnh ủy"
    assert feed.feed.link == SITE + "/"
    assert feed.feed.language == "vi"
    (own,) = [link for link in feed.feed.links if link.rel == "self"]
    assert own.href == SITE + "/rss.xml" and own.type == "application/rss+xml"
    (item,) = feed.entries
    assert item.title.startswith("CẢ HỆ THỐNG CHÍNH TRỊ CỦA TỈNH")
    assert item.link == SITE + SAMPLE_PATH
    assert item.id == item.link and item.guidislink is False  # a guid of its own, a permalink
    assert item.published == "Sun, 24 Jan 2021 16:12:00 GMT"  # 23:12 in Vietnam
    assert item.summary.startswith("Công tác Dân vận là trách nhiệm của cả hệ thống chính trị")
    assert [tag.term for tag in item.tags] == ["Tin hoạt động"]
    assert feed.feed.updated == item.published


def test_guid_is_marked_a_permalink(reader):
    xml = reader.get("/rss.xml").get_data(as_text=True)
    assert f'<guid isPermaLink="true">{SITE}{SAMPLE_PATH}</guid>' in xml
    assert xml.startswith('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"')


def test_newest_first_and_at_most_feed_length(reader, site):
    with site.app_context():
        for number in range(FEED_LENGTH + 5):
            add_article(f"Tin {number}", ago(hours=100 - number))
    feed = parse(reader.get("/rss.xml"))
    assert len(feed.entries) == FEED_LENGTH
    assert [entry.title for entry in feed.entries[:2]] == ["Tin 34", "Tin 33"]
    stamps = [calendar.timegm(entry.published_parsed) for entry in feed.entries]
    assert stamps == sorted(stamps, reverse=True)


def test_titles_are_escaped_and_characters_xml_cannot_hold_are_dropped(reader, site):
    with site.app_context():
        add_article("A <b>&amp; B\x0b\x1f", ago(minutes=1), summary="x < y & z", slug="a-b")
    feed = parse(reader.get("/rss.xml"))
    assert feed.entries[0].title == "A <b>&amp; B"
    assert feed.entries[0].summary == "x < y & z"


def test_an_article_change_reaches_the_feed_at_once_in_this_process(reader, site):
    assert len(parse(reader.get("/rss.xml")).entries) == 1
    with site.app_context():
        article = add_article("Tin mới", ago(minutes=1))
        # Cached: a write that says nothing is not seen before the cache's minute is up...
        assert len(parse(reader.get("/rss.xml")).entries) == 1
        forget(ARTICLE, article.id)  # ...what the article editor says after every save
    assert [entry.title for entry in parse(reader.get("/rss.xml")).entries][0] == "Tin mới"


@pytest.fixture
def tree(site):
    """Thời sự > (Trong tỉnh, Ẩn > Con của ẩn); Khác; each with one article."""
    with site.app_context():
        news = Category(name="Thời sự", slug="thoi-su", description="Tin thời sự")
        local = Category(name="Trong tỉnh", slug="trong-tinh")
        hidden = Category(name="Ẩn", slug="an", hidden=True)
        under_hidden = Category(name="Con của ẩn", slug="con-cua-an")
        other = Category(name="Khác", slug="khac")
        db.session.add_all([news, local, hidden, under_hidden, other])
        db.session.flush()
        local.parent_id = news.id
        hidden.parent_id = news.id
        under_hidden.parent_id = hidden.id
        db.session.commit()
        for category, hours in ((news, 5), (local, 4), (hidden, 3), (under_hidden, 2), (other, 1)):
            add_article(f"Bài {category.name}", ago(hours=hours), category=category)
    return site


def test_category_feed_lists_the_category_and_the_shown_ones_under_it(reader, tree):
    feed = parse(reader.get("/chuyen-muc/thoi-su/rss.xml"))
    assert feed.feed.title == "Thời sự – Ban Dân vận Tỉnh ủy"
    assert feed.feed.description == "Tin thời sự"
    assert feed.feed.link == SITE + "/chuyen-muc/thoi-su"  # the category's page
    (own,) = [link for link in feed.feed.links if link.rel == "self"]
    assert own.href == SITE + "/chuyen-muc/thoi-su/rss.xml"
    assert [entry.title for entry in feed.entries] == ["Bài Trong tỉnh", "Bài Thời sự"]
    assert [entry.tags[0].term for entry in feed.entries] == ["Trong tỉnh", "Thời sự"]
    child = parse(reader.get("/chuyen-muc/trong-tinh/rss.xml"))
    assert [entry.title for entry in child.entries] == ["Bài Trong tỉnh"]
    assert child.feed.description == "Tin bài chuyên mục Trong tỉnh của Ban Dân vận Tỉnh ủy"
    # The site's feed has every public article, whatever its category.
    assert len(parse(reader.get("/rss.xml")).entries) == 6


@pytest.mark.parametrize(
    "path",
    [
        "/chuyen-muc/an/rss.xml",  # hidden
        "/chuyen-muc/con-cua-an/rss.xml",  # under a hidden one
        "/chuyen-muc/khong-co/rss.xml",  # unknown
        "/chuyen-muc/%E1%BA%A9n/rss.xml",  # not a slug at all
    ],
)
def test_hidden_and_unknown_categories_have_no_feed(reader, tree, path):
    response = reader.get(path)
    assert response.status_code == 404
    assert "chuyên mục đang ẩn" in response.get_data(as_text=True)


def test_an_empty_category_has_a_valid_empty_feed(reader, site):
    with site.app_context():
        db.session.add(Category(name="Trống", slug="trong"))
        db.session.commit()
    feed = parse(reader.get("/chuyen-muc/trong/rss.xml"))
    assert feed.entries == [] and "updated" not in feed.feed


def test_pages_link_the_site_feed_from_their_head(reader):
    for path in ("/", SAMPLE_PATH, "/thong-ke", "/login", "/khong-co"):
        html = reader.get(path).get_data(as_text=True)
        assert (
            '<link rel="alternate" type="application/rss+xml" title="Ban Dân vận Tỉnh ủy" '
            f'href="{SITE}/rss.xml">'
        ) in html.split("</head>")[0], path


def test_a_category_page_can_link_its_own_feed(site):
    with site.test_request_context(base_url=SITE):
        html = render_template_string(
            '{% from "discovery/_links.html" import category_feed_link %}'
            "{{ category_feed_link(category) }}",
            category=Category(name="Thời sự", slug="thoi-su"),
        )
    assert html.strip() == (
        '<link rel="alternate" type="application/rss+xml" title="Thời sự – Ban Dân vận Tỉnh ủy" '
        f'href="{SITE}/chuyen-muc/thoi-su/rss.xml">'
    )


def test_without_the_site_address_there_is_no_feed_and_no_link_to_one(client):
    # RSS needs absolute links and the site may not take its address from the request.
    for path in ("/rss.xml", "/chuyen-muc/tin-hoat-dong/rss.xml"):
        response = client.get(path)
        assert response.status_code == 404
        assert "DANVAN_SITE_URL" in response.get_data(as_text=True)
    page = audit(client.get("/").get_data(as_text=True))
    assert "alternate" not in page.links
    assert "application/rss+xml" not in client.get(SAMPLE_PATH).get_data(as_text=True)


def test_feeds_set_no_cookie_and_may_be_cached_by_anyone(reader):
    response = reader.get("/rss.xml")
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == PUBLIC


def test_the_sample_category_has_its_feed(reader):
    feed = parse(reader.get("/chuyen-muc/tin-hoat-dong/rss.xml"))
    assert [entry.link for entry in feed.entries] == [SITE + SAMPLE_PATH]
    published = datetime(*feed.entries[0].published_parsed[:6], tzinfo=UTC)
    assert published == datetime(2021, 1, 24, 16, 12, tzinfo=UTC)
