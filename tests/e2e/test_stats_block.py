"""The statistics block in a real browser: it renders and refreshes itself through htmx."""

import re

import pytest

from tests.e2e.conftest import PageProblems
from tests.site.test_pages import ARTICLE_PATH
from tests.stats.test_stats import BROWSERS
from tests.stats.test_stats_live import get
from tests.support.live_server import BROWSER_UA


@pytest.fixture
def page(browser, page_problems):
    """A page whose User-Agent is a desktop Chrome's: "HeadlessChrome" is rightly a bot."""
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", user_agent=BROWSER_UA
    )
    page = context.new_page()
    page_problems.watch(page)
    yield page
    context.close()


def test_block_refreshes_itself_and_the_polls_count_nothing(
    live_server, page, page_problems: PageProblems, screenshot_dir
):
    # Poll every second instead of every minute, and read the figures fresh.
    server = live_server(DANVAN_STATS_REFRESH="1", DANVAN_STATS_CACHE="0")
    assert page.goto(server.url + ARTICLE_PATH).status == 200
    block = page.locator("#thong-ke-truy-cap")
    assert block.locator(".block__title").inner_text().lower() == "thống kê truy cập"
    guests = block.locator('[data-stat="guests"]')
    today = block.locator('[data-stat="today"]')
    # The browser's own view was counted after its page was drawn; the first poll shows it.
    page.wait_for_function(
        "() => document.querySelector('[data-stat=\"guests\"]').textContent === '1'", timeout=10_000
    )
    # Another reader arrives (the page and its beacon): the open page shows them without a reload.
    assert get(server.url + "/", BROWSERS["Firefox"]) == 200
    page.wait_for_function(
        "() => document.querySelector('[data-stat=\"guests\"]').textContent === '2'", timeout=10_000
    )
    assert today.inner_text() == "2"
    # Let it poll a few more times: the polls add no visit and no page view.
    with page.expect_response(re.compile(r"/thong-ke/khoi$")):
        pass
    with page.expect_response(re.compile(r"/thong-ke/khoi$")):
        pass
    assert guests.inner_text() == "2" and today.inner_text() == "2"
    assert page.locator("#thong-ke-truy-cap").count() == 1
    log = server.read_log()
    assert log.count('"GET /thong-ke/khoi" 200') >= 3
    assert page_problems.all == []
    block.screenshot(path=str(screenshot_dir / "stats-block.png"))
    page.get_by_role("link", name="Về số liệu thống kê").click()
    page.wait_for_url("**/thong-ke")
    assert page.locator("h1").inner_text() == "Về số liệu thống kê"
    assert page_problems.all == []


def test_an_error_answer_keeps_the_figures_shown(live_server, page):
    # data-hx-status:5xx="swap:none": htmx 4 swaps error answers by default, which would put the
    # error text in the block's place and end the polling.
    server = live_server(DANVAN_STATS_REFRESH="1")
    assert page.goto(server.url + ARTICLE_PATH).status == 200
    block = page.locator("#thong-ke-truy-cap")
    shown = block.locator('[data-stat="today"]').inner_text()
    page.route(
        re.compile(r"/thong-ke/khoi$"),
        lambda route: route.fulfill(status=503, body="<p class='loi'>Tạm thời gián đoạn</p>"),
    )
    for _ in range(2):
        with page.expect_response(re.compile(r"/thong-ke/khoi$"), timeout=5_000) as answer:
            pass
        assert answer.value.status == 503
        page.wait_for_timeout(200)  # the swap, had there been one, is done
        assert page.locator(".loi").count() == 0
        assert block.count() == 1 and block.locator('[data-stat="today"]').inner_text() == shown
