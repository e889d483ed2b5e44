"""Category and tag pages, the menu, breadcrumbs and the newer / older lists of an article."""

from __future__ import annotations

import re

import pytest

from danvan.content.models import ArticleStatus, Tag
from danvan.core.caches import CATEGORY, forget
from danvan.extensions import db
from tests.support.html_checks import audit
from tests.support.portal import make_article, make_category


def titles(html: str) -> list[str]:
    """The titles of the article cards on a list page, in order."""
    return re.findall(r'class="article-card__title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def portal(empty_app):
    """Tin tức › (Hoạt động, Ẩn đi [hidden]), Văn hoá; articles in each, a draft and a
    scheduled one."""
    with empty_app.app_context():
        news = make_category("Tin tức", sort_order=10)
        activity = make_category("Hoạt động", news, sort_order=10)
        hidden = make_category("Ẩn đi", news, sort_order=20, hidden=True)
        make_category("Văn hoá", sort_order=20)
        tag = Tag(name="Chuyển đổi số", slug="chuyen-doi-so")
        make_article("Tin chung cũ", news, hours_ago=30)
        make_article("Hoạt động một", activity, hours_ago=20, tags=(tag,))
        make_article("Hoạt động hai", activity, hours_ago=10)
        make_article("Hoạt động ba", activity, hours_ago=5, tags=(tag,))
        make_article("Bài trong mục ẩn", hidden, hours_ago=3)
        make_article("Bản nháp", activity, hours_ago=2, status=ArticleStatus.DRAFT.value)
        make_article("Hẹn giờ", activity, hours_ago=-2, tags=(tag,))
        db.session.commit()
    return empty_app


def test_a_category_page_lists_its_own_and_its_shown_subcategories_articles(portal):
    page = portal.test_client().get("/chuyen-muc/tin-tuc")
    assert page.status_code == 200
    assert titles(page.text) == ["Hoạt động ba", "Hoạt động hai", "Hoạt động một", "Tin chung cũ"]
    assert '<h1 class="page-title">Tin tức</h1>' in page.text
    # Its shown subcategory is linked; the hidden one is not.
    assert 'href="/chuyen-muc/hoat-dong"' in page.text
    assert "/chuyen-muc/an-di" not in page.text
    child = portal.test_client().get("/chuyen-muc/hoat-dong")
    assert titles(child.text) == ["Hoạt động ba", "Hoạt động hai", "Hoạt động một"]


def test_hidden_unknown_and_past_the_end_answer_404_in_vietnamese(portal):
    client = portal.test_client()
    for path in ("/chuyen-muc/an-di", "/chuyen-muc/khong-co", "/chuyen-muc/tin-tuc?page=2"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert 'lang="vi"' in response.text
    # A hidden category's articles stay readable at their own address.
    assert client.get("/tin-tuc/bai-trong-muc-an-5").status_code == 200
    # A strange page number is page 1, never an error.
    assert client.get("/chuyen-muc/tin-tuc?page=abc").status_code == 200


def test_category_pages_are_paginated(portal):
    portal.config["PAGE_SIZE"] = 2
    client = portal.test_client()
    first = client.get("/chuyen-muc/tin-tuc")
    second = client.get("/chuyen-muc/tin-tuc?page=2")
    assert titles(first.text) == ["Hoạt động ba", "Hoạt động hai"]
    assert titles(second.text) == ["Hoạt động một", "Tin chung cũ"]
    assert 'rel="next" href="/chuyen-muc/tin-tuc?page=2"' in first.text
    assert 'rel="prev" href="/chuyen-muc/tin-tuc"' in second.text
    assert audit(second.text).links["canonical"] == "/chuyen-muc/tin-tuc?page=2"
    assert "Trang 2 / 2" in second.text


def test_the_menu_nests_shown_categories_in_their_order(portal):
    html = portal.test_client().get("/").text
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    links = re.findall(r'<a href="([^"]+)"', nav)
    # Then "Văn bản" (danvan/documents/), which every site's menu ends with.
    assert links == [
        "/",
        "/chuyen-muc/tin-tuc",
        "/chuyen-muc/hoat-dong",
        "/chuyen-muc/van-hoa",
        "/van-ban/",
    ]
    # The submenu sits inside its parent's item, with a (script-shown) disclosure button.
    parent = nav[nav.index("/chuyen-muc/tin-tuc") : nav.index("/chuyen-muc/van-hoa")]
    assert 'class="site-nav__sub"' in parent and 'aria-controls="menu-1"' in parent
    assert 'aria-expanded="false"' in parent


def test_a_category_page_marks_itself_current_in_the_menu(portal):
    html = portal.test_client().get("/chuyen-muc/van-hoa").text
    assert '<a href="/chuyen-muc/van-hoa" aria-current="page">Văn hoá</a>' in html


def test_a_new_category_shows_in_the_menu_of_cached_pages_at_once(portal):
    client = portal.test_client()
    assert "Thể thao" not in client.get("/").text  # the shell is now cached
    with portal.test_request_context():
        make_category("Thể thao", sort_order=30)
        db.session.commit()
        forget(CATEGORY)
    assert "/chuyen-muc/the-thao" in client.get("/").text


def test_article_breadcrumbs_and_newer_older_lists_of_its_category(portal):
    html = portal.test_client().get("/tin-tuc/hoat-dong-hai-3").text
    crumbs = html[
        html.index('class="breadcrumbs"') : html.index("</nav>", html.index("breadcrumbs"))
    ]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', crumbs) == [
        ("/", "Trang chủ"),
        ("/chuyen-muc/tin-tuc", "Tin tức"),
        ("/chuyen-muc/hoat-dong", "Hoạt động"),
    ]
    assert '<span aria-current="page">Hoạt động hai</span>' in crumbs
    start = html.index('class="related"')
    related = html[start : html.index("</section>", start)]
    newer = related[related.index("Tin mới hơn") : related.index("Tin cũ hơn")]
    older = related[related.index("Tin cũ hơn") :]
    # Same category only; drafts and scheduled articles never; newest first.
    assert re.findall(r'">([^<]+)</a>', newer) == ["Hoạt động ba"]
    assert re.findall(r'">([^<]+)</a>', older) == ["Hoạt động một"]
    assert "Bản nháp" not in related and "Hẹn giờ" not in related and "Tin chung cũ" not in related
    json_ld = [data for data in audit(html).json_ld if data["@type"] == "BreadcrumbList"]
    names = [item["name"] for item in json_ld[0]["itemListElement"]]
    assert names == ["Trang chủ", "Tin tức", "Hoạt động", "Hoạt động hai"]


def test_an_article_in_a_hidden_category_has_no_trail_to_it(portal):
    html = portal.test_client().get("/tin-tuc/bai-trong-muc-an-5").text
    assert "/chuyen-muc/an-di" not in html and "Ẩn đi" not in html


def test_a_tag_page_lists_its_readable_articles_and_the_article_links_to_it(portal):
    client = portal.test_client()
    page = client.get("/the/chuyen-doi-so")
    assert page.status_code == 200
    assert titles(page.text) == ["Hoạt động ba", "Hoạt động một"]  # not the scheduled one
    assert "Từ khóa: Chuyển đổi số" in page.text
    article = client.get("/tin-tuc/hoat-dong-ba-4").text
    assert '<a href="/the/chuyen-doi-so">Chuyển đổi số</a>' in article
    assert client.get("/the/khong-co").status_code == 404
    assert client.get("/the/chuyen-doi-so?page=2").status_code == 404


def test_list_pages_are_shells_that_staff_see_fully(portal, app_factory):
    from danvan.core.caches import app_caches

    client = portal.test_client()
    client.get("/chuyen-muc/tin-tuc")
    client.get("/the/chuyen-doi-so")
    with portal.app_context():
        assert len(app_caches()["site.list_pages"]) == 2
