"""The rating widget in a real browser: mouse, keyboard only, no JavaScript, change, axe-core."""

import json
import urllib.request

import pytest

from tests.site.test_pages import ARTICLE_PATH
from tests.support.live_server import BROWSER_UA

WIDGET = "#danh-gia"
STATUS = "#danh-gia-thong-bao"


@pytest.fixture
def server(live_server):
    return live_server()


def api_rating(server):
    with urllib.request.urlopen(server.url + "/api/articles/1/rating", timeout=10) as response:
        return json.loads(response.read())


def open_article(page, server):
    page.goto(server.url + ARTICLE_PATH)
    page.wait_for_load_state("networkidle")
    # Markers that a reload or a replaced live region would lose.
    page.evaluate("""() => {
        window.__noReload = true;
        document.getElementById('danh-gia-thong-bao').__original = true;
    }""")


def assert_swapped_in_place(page):
    assert page.evaluate("() => window.__noReload === true"), "the page reloaded"
    # The same live region node, so screen readers announce its new text.
    assert page.evaluate("() => document.getElementById('danh-gia-thong-bao').__original")
    assert page.locator(STATUS).get_attribute("role") == "status"


def focus_is_in_widget(page):
    return page.evaluate(
        "() => document.getElementById('danh-gia').contains(document.activeElement)"
    )


def test_vote_with_the_mouse(server, page, page_problems, screenshot_dir):
    open_article(page, server)
    page.get_by_label("Bài viết tốt", exact=True).click()
    page.get_by_role("button", name="Gửi đánh giá").click()
    status = page.locator(STATUS)
    status.filter(has_text="Cảm ơn bạn đã đánh giá bài viết: 4 sao").wait_for()
    assert_swapped_in_place(page)
    widget = page.locator(WIDGET)
    # The sample article's one earlier 4-star vote (as if imported) and this one.
    assert "Tổng số điểm của bài viết là: 8 trong 2 đánh giá" in widget.inner_text()
    assert "Xếp hạng: 4 - 2 phiếu bầu" in widget.inner_text()
    assert page.get_by_label("Bài viết tốt", exact=True).is_checked()
    assert focus_is_in_widget(page)
    assert api_rating(server)["count"] == 2
    widget.screenshot(path=str(screenshot_dir / "rating-voted.png"))
    assert page_problems.all == []


def test_vote_with_the_keyboard_only(server, page, page_problems):
    open_article(page, server)
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name") == "stars":
            break
    else:
        pytest.fail("Tab never reached the star radios")
    # Arrow keys move the choice inside the group without submitting anything.
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.get_by_label("Bài viết đạt", exact=True).is_checked()
    assert api_rating(server)["count"] == 1  # the earlier vote only
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "danh-gia-gui"
    page.keyboard.press("Enter")
    page.locator(STATUS).filter(has_text="3 sao").wait_for()
    assert_swapped_in_place(page)
    assert page.evaluate("() => document.activeElement.id") == "danh-gia-gui"
    assert api_rating(server) | {"distribution": None} == {
        "article_id": 1,
        "count": 2,
        "sum": 7,
        "average": 3.5,
        "distribution": None,
    }
    assert page_problems.all == []


def test_change_then_withdraw_the_vote(server, page, page_problems):
    open_article(page, server)
    page.get_by_label("Bài viết đạt", exact=True).click()
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.locator(STATUS).filter(has_text="3 sao").wait_for()
    page.get_by_label("Bài viết rất tốt", exact=True).click()
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.locator(STATUS).filter(has_text="Bạn đã đổi đánh giá từ 3 thành 5 sao").wait_for()
    assert_swapped_in_place(page)
    assert "9 trong 2 đánh giá" in page.locator(WIDGET).inner_text()
    page.get_by_role("button", name="Rút lại đánh giá của tôi").click()
    page.locator(STATUS).filter(has_text="Đã rút lại đánh giá của bạn.").wait_for()
    assert "4 trong 1 đánh giá" in page.locator(WIDGET).inner_text()  # the earlier vote
    assert page.get_by_role("button", name="Rút lại đánh giá của tôi").count() == 0
    assert not page.get_by_label("Bài viết rất tốt", exact=True).is_checked()
    # The pressed button is gone; focus stays in the widget, on its submit button.
    assert page.evaluate("() => document.activeElement.id") == "danh-gia-gui"
    assert api_rating(server)["count"] == 1
    assert page_problems.all == []


def test_vote_with_javascript_disabled(server, browser):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN", user_agent=BROWSER_UA)
    try:
        page = context.new_page()
        page.goto(server.url + ARTICLE_PATH)
        page.get_by_label("Bài viết rất kém", exact=True).click()
        with page.expect_navigation():
            page.get_by_role("button", name="Gửi đánh giá").click()
        # The vote ends on a page of the voter's own (the article page is everyone's).
        assert page.url.endswith("/tin-tuc/1/danh-gia?sao=1#danh-gia")
        widget = page.locator(WIDGET).inner_text()
        assert "Cảm ơn bạn đã đánh giá bài viết: 1 sao" in widget
        assert "Tổng số điểm của bài viết là: 5 trong 2 đánh giá" in widget
        assert "Bạn đã đánh giá bài viết này: 1 sao" in widget
        assert api_rating(server)["sum"] == 5
        # Changed from there, without JavaScript still.
        page.get_by_label("Bài viết tốt", exact=True).click()
        with page.expect_navigation():
            page.get_by_role("button", name="Gửi đánh giá").click()
        assert "Bạn đã đổi đánh giá từ 1 thành 4 sao" in page.locator(WIDGET).inner_text()
        with page.expect_navigation():
            page.get_by_role("link", name="← Quay lại bài viết").click()
        assert page.url.endswith(ARTICLE_PATH)
        assert api_rating(server)["sum"] == 8
    finally:
        context.close()


def test_a_returning_voter_sees_their_own_vote_on_the_shared_page(server, browser):
    context = browser.new_context(locale="vi-VN", user_agent=BROWSER_UA)
    try:
        page = context.new_page()
        asked = []
        page.on("request", lambda request: asked.append(request.url))
        open_article(page, server)
        # A first-time reader has no cookie, so nothing asks for a vote of theirs.
        assert context.cookies() == []
        assert not [url for url in asked if url.endswith("/tin-tuc/1/danh-gia")]
        page.get_by_label("Bài viết tốt", exact=True).click()
        page.get_by_role("button", name="Gửi đánh giá").click()
        page.locator(STATUS).filter(has_text="4 sao").wait_for()
        names = {cookie["name"]: cookie for cookie in context.cookies()}
        assert names["danvan_voter"]["httpOnly"] and not names["danvan_voted"]["httpOnly"]
        # Back later: the page is the one everyone gets; the script loads this voter's block.
        page.reload()
        page.locator("#danh-gia-rut-lai").wait_for()
        widget = page.locator(WIDGET).inner_text()
        assert "Bạn đã đánh giá bài viết này: 4 sao" in widget
        assert page.locator("#danh-gia-4").is_checked()
        assert [url for url in asked if url.endswith("/tin-tuc/1/danh-gia")]
        page.locator("#danh-gia-rut-lai").click()
        page.locator(STATUS).filter(has_text="Đã rút lại").wait_for()
        assert api_rating(server)["count"] == 1  # the sample's earlier vote only
    finally:
        context.close()


def test_axe_finds_no_violation_in_the_widget(server, page):
    from axe_playwright_python.sync_playwright import Axe

    open_article(page, server)
    axe = Axe()
    before = axe.run(page, context=WIDGET)
    assert before.violations_count == 0, before.generate_report()
    page.get_by_label("Bài viết tốt", exact=True).click()
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.locator(STATUS).filter(has_text="4 sao").wait_for()
    after = axe.run(page, context=WIDGET)
    assert after.violations_count == 0, after.generate_report()
