"""Print, save and share in a real browser: the print view and its dialog, printing the
ordinary page, the saved file opened offline, the share bar by keyboard only, axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.site.test_pages import ARTICLE_PATH
from tests.support.live_server import BROWSER_UA

PRINT_PATH = ARTICLE_PATH + "?print=1"
# window.print() is replaced before any script of the page runs: a headless browser has no
# dialog to show, and the test needs to know the page asked for one.
COUNT_PRINTS = "window.__prints = 0; window.print = () => { window.__prints += 1; };"


@pytest.fixture
def server(live_server):
    return live_server()


def axe_violations(page, context=None):
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, context=context)
    return result.violations_count, result.generate_report()


def test_the_print_view_opens_the_print_dialog_and_shows_the_article_alone(
    server, page, page_problems, screenshot_dir
):
    page.add_init_script(COUNT_PRINTS)
    response = page.goto(server.url + "/tin-tuc/1?print=1")  # the short URL keeps ?print=1
    assert response.status == 200
    assert page.url == server.url + PRINT_PATH
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.__prints === 1")
    expect(page.get_by_role("heading", level=1)).to_contain_text("CẢ HỆ THỐNG CHÍNH TRỊ")
    expect(page.get_by_text("Nguồn tin:")).to_be_visible()
    expect(page.get_by_text("Địa chỉ bài viết:")).to_be_visible()
    # Nothing but the article: no menu, sidebar, rating, statistics or share bar.
    for selector in ("nav", "aside", ".rating", ".stats", ".share", "form"):
        assert page.locator(selector).count() == 0, selector
    # With JavaScript the button replaces the Ctrl+P hint, and prints again.
    button = page.get_by_role("button", name="In bài viết")
    expect(button).to_be_visible()
    expect(page.get_by_text("Bấm Ctrl+P")).to_be_hidden()
    button.click()
    assert page.evaluate("() => window.__prints") == 2
    count, report = axe_violations(page)
    assert count == 0, report
    page.screenshot(path=str(screenshot_dir / "print-view.png"), full_page=True)
    page.emulate_media(media="print")
    expect(button).to_be_hidden()
    expect(page.get_by_role("link", name="Quay lại bài viết")).to_be_hidden()
    page.set_viewport_size({"width": 390, "height": 844})
    page.emulate_media(media="screen")
    page.screenshot(path=str(screenshot_dir / "print-view-phone.png"), full_page=True)
    assert page_problems.all == []


def test_the_print_view_without_javascript_says_how_to_print(server, browser):
    context = browser.new_context(java_script_enabled=False, user_agent=BROWSER_UA)
    try:
        page = context.new_page()
        page.goto(server.url + PRINT_PATH)
        expect(page.get_by_text("Bấm Ctrl+P")).to_be_visible()
        expect(page.get_by_role("button", name="In bài viết")).to_be_hidden()
        # ...and the article page without JavaScript: plain links only, no dead buttons.
        page.goto(server.url + ARTICLE_PATH)
        share = page.get_by_role("navigation", name="In, lưu và chia sẻ bài viết")
        expect(share.get_by_role("link", name="In bài viết")).to_be_visible()
        expect(share.get_by_role("link", name="Lưu bài viết")).to_be_visible()
        expect(share.get_by_role("button")).to_have_count(0)
    finally:
        context.close()


def test_printing_the_ordinary_page_keeps_only_the_article(server, page, screenshot_dir):
    page.goto(server.url + ARTICLE_PATH)
    page.wait_for_load_state("networkidle")
    expect(page.locator(".article__print-url")).to_be_hidden()
    page.emulate_media(media="print")
    hidden = (".site-nav", ".layout__aside", ".share", "#danh-gia", ".article__views", ".related")
    for selector in hidden:
        expect(page.locator(selector).first).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".article__source")).to_be_visible()
    expect(page.locator(".article__print-url")).to_contain_text(ARTICLE_PATH)
    page.screenshot(path=str(screenshot_dir / "article-print-media.png"), full_page=True)


def test_the_copy_link_button_by_keyboard_copies_and_announces(
    server, context, page, page_problems
):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    page.goto(server.url + ARTICLE_PATH)
    page.wait_for_load_state("networkidle")
    reached = []
    for _ in range(80):
        page.keyboard.press("Tab")
        name = page.evaluate("() => document.activeElement.textContent.trim()")
        reached.append(name)
        if name == "Sao chép liên kết":
            break
    else:
        pytest.fail(f"Tab never reached the copy button: {reached}")
    assert reached.index("In bài viết") < reached.index("Lưu bài viết") < len(reached) - 1
    page.keyboard.press("Enter")
    status = page.get_by_role("status").filter(has_text="Đã sao chép liên kết")
    expect(status).to_be_visible()
    assert status.get_attribute("aria-live") == "polite"
    # No DANVAN_SITE_URL here: the page holds the path, the browser made it absolute.
    assert page.evaluate("() => navigator.clipboard.readText()") == server.url + ARTICLE_PATH
    count, report = axe_violations(page, context=".share")
    assert count == 0, report
    assert page_problems.all == []


def test_the_share_sheet_button_shares_the_article_where_the_browser_can(server, page):
    page.add_init_script(
        "window.__shared = null;"
        "navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };"
    )
    page.goto(server.url + ARTICLE_PATH)
    button = page.get_by_role("button", name="Chia sẻ qua ứng dụng (Zalo…)")
    expect(button).to_be_visible()
    button.click()
    shared = page.evaluate("() => window.__shared")
    assert shared["url"] == server.url + ARTICLE_PATH
    assert shared["title"].startswith("CẢ HỆ THỐNG CHÍNH TRỊ")


def test_the_saved_file_opens_offline_with_its_images(
    app_factory, browser, tmp_path, screenshot_dir
):
    from tests.site.test_saving import article_with_images, store_upload

    app = app_factory()
    with app.test_request_context():
        article = article_with_images(store_upload())
        path = f"/tin-tuc/{article.slug}-{article.id}?save=1"
    saved = tmp_path / "bai-co-anh.html"
    saved.write_bytes(app.test_client().get(path).get_data())
    context = browser.new_context(offline=True)
    try:
        page = context.new_page()
        requests: list[str] = []
        problems: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda note: note.type == "error" and problems.append(note.text))
        page.goto(saved.as_uri())
        page.wait_for_load_state("load")
        assert requests == [saved.as_uri()]  # nothing else was even asked for
        images = page.locator("img")
        expect(images).to_have_count(2)
        for index in range(2):
            assert images.nth(index).evaluate("img => img.complete && img.naturalWidth > 0")
        # print.css applied from the inline <style> (the file's own CSP allows it).
        assert page.locator("body").evaluate("b => getComputedStyle(b).backgroundColor") == (
            "rgb(236, 234, 230)"
        )
        expect(page.get_by_role("link", name="[Ảnh: Ảnh ngoài]")).to_be_visible()
        assert problems == []
        page.screenshot(path=str(screenshot_dir / "saved-file-offline.png"), full_page=True)
    finally:
        context.close()
