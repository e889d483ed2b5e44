"""Voting in a real browser from an article page nginx's cache answered (issue 16, item 2):
without JavaScript and with htmx, no cookie before the first vote, the voter's own block loaded
apart, and the cached page never carrying anyone's vote."""

from __future__ import annotations

import json
import urllib.request

from tests.deploy.conftest import behind_nginx  # noqa: F401 - the fixture
from tests.site.test_pages import ARTICLE_PATH
from tests.support.live_server import BROWSER_UA
from tests.support.nginx import ask

WIDGET = "#danh-gia"
STATUS = "#danh-gia-thong-bao"


def rating(nginx) -> dict:
    with urllib.request.urlopen(nginx.url + "/api/articles/1/rating", timeout=10) as response:
        return json.loads(response.read())


def cached_article(page, nginx):
    """Open the article; its answer must come from nginx's cache."""
    response = page.goto(nginx.url + ARTICLE_PATH)
    assert response.headers.get("x-cache-status") == "HIT", response.headers
    return response


def test_votes_from_a_cached_page_with_and_without_javascript(behind_nginx, browser):  # noqa: F811
    server, nginx = behind_nginx(DANVAN_CACHE_SHARED_MAX_AGE="60")
    for _ in range(2):  # the plain copy and the compressed one Chromium asks for
        ask(nginx.url, ARTICLE_PATH)
        ask(nginx.url, ARTICLE_PATH, {"Accept-Encoding": "gzip, deflate, br"})
    earlier = rating(nginx)["count"]

    plain = browser.new_context(java_script_enabled=False, locale="vi-VN", user_agent=BROWSER_UA)
    scripted = browser.new_context(locale="vi-VN", user_agent=BROWSER_UA)
    fresh = browser.new_context(locale="vi-VN", user_agent=BROWSER_UA)
    try:
        # Without JavaScript: the form posts, the vote ends on the voter's own page.
        page = plain.new_page()
        cached_article(page, nginx)
        assert plain.cookies() == []
        page.get_by_label("Bài viết kém", exact=True).click()
        with page.expect_navigation():
            page.get_by_role("button", name="Gửi đánh giá").click()
        assert "/tin-tuc/1/danh-gia?sao=2" in page.url
        assert "Bạn đã đánh giá bài viết này: 2 sao" in page.locator(WIDGET).inner_text()
        assert {cookie["name"] for cookie in plain.cookies()} == {"danvan_voter", "danvan_voted"}

        # With htmx: the block is swapped in place; on the next visit the page still comes
        # from the cache and the script asks for this voter's own block.
        page = scripted.new_page()
        cached_article(page, nginx)
        page.wait_for_load_state("networkidle")
        page.get_by_label("Bài viết tốt", exact=True).click()
        page.get_by_role("button", name="Gửi đánh giá").click()
        page.locator(STATUS).filter(has_text="4 sao").wait_for()
        cached_article(page, nginx)
        page.locator("#danh-gia-rut-lai").wait_for()
        assert page.locator("#danh-gia-4").is_checked()

        # Anyone else gets the cached page with nobody's vote in it, and asks for none.
        page = fresh.new_page()
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        cached_article(page, nginx)
        page.wait_for_load_state("networkidle")
        assert page.locator("#danh-gia-rut-lai").count() == 0
        assert not [url for url in asked if url.endswith("/tin-tuc/1/danh-gia")]
        assert fresh.cookies() == []
    finally:
        for context in (plain, scripted, fresh):
            context.close()
    assert rating(nginx)["count"] == earlier + 2
    assert "Traceback" not in server.read_log()
