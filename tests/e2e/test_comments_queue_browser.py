"""The comments' queue in a real browser: axe-core clean, and a moderator's day without
JavaScript: check two comments and approve them at once, answer one, delete one after the
confirmation."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.test_publishing_browser import sign_in
from tests.support.comment_rows import store_comments
from tests.support.live_clients import create_staff
from tests.support.live_server import BROWSER_UA

QUEUE = "/quan-tri/phan-hoi/"


@pytest.fixture
def server(live_server):
    server = live_server()
    create_staff(server, "quantri", role="admin")
    store_comments(server)
    return server


@pytest.mark.parametrize("where", ["cho-duyet", "da-duyet"])
def test_axe_finds_no_violation_on_the_queue(server, page, page_problems, where):
    sign_in(page, server, "quantri")
    page.goto(f"{server.url}{QUEUE}?loc={where}")
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page_problems.all == []


def test_a_moderator_without_javascript(server, browser, screenshot_dir):
    context = browser.new_context(java_script_enabled=False, user_agent=BROWSER_UA)
    try:
        page = context.new_page()
        sign_in(page, server, "quantri")
        page.get_by_role("link", name="Phản hồi chờ duyệt: 3").click()
        expect(page).to_have_url(server.url + QUEUE)
        page.get_by_label("Chọn phản hồi của Người đọc số 1").check()
        page.get_by_label("Chọn phản hồi của Người đọc số 2").check()
        page.screenshot(path=str(screenshot_dir / "comments-queue.png"), full_page=True)
        bulk = page.get_by_role("group", name="Với các phản hồi đã đánh dấu")
        bulk.get_by_role("button", name="Duyệt").click()
        expect(page.get_by_role("status")).to_have_text("Đã duyệt 2 phản hồi.")
        expect(page.get_by_role("heading", name="Người đọc số 1")).to_have_count(0)

        page.get_by_role("link", name="Trả lời: phản hồi của Người đọc số 0").click()
        page.get_by_label("Câu trả lời của Ban biên tập").fill("Lịch tiếp dân ở trang Thông báo.")
        page.get_by_role("button", name="Lưu câu trả lời").click()
        expect(page.get_by_text("Ban biên tập trả lời")).to_be_visible()

        page.get_by_role("link", name="Xoá: phản hồi của Người đọc số 0").click()
        expect(page.get_by_role("heading", name="Xoá 1 phản hồi")).to_be_visible()
        page.get_by_role("button", name="Xoá 1 phản hồi").click()
        expect(page.get_by_role("status")).to_have_text("Đã xoá 1 phản hồi.")
        expect(page.get_by_text("Không có phản hồi nào.")).to_be_visible()
        page.goto(server.url + "/quan-tri/")
        expect(page.get_by_role("link", name="Phản hồi chờ duyệt: 0")).to_be_visible()
    finally:
        context.close()
