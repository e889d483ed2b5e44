"""The article page in a real browser: it renders, runs htmx, and breaks no CSP rule."""

from tests.site.test_pages import ARTICLE_PATH


def test_article_page_loads_without_console_errors(
    live_server, page, page_problems, screenshot_dir
):
    server = live_server()
    response = page.goto(server.url + ARTICLE_PATH)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("CẢ HỆ THỐNG CHÍNH TRỊ")
    assert page.locator(".article__meta time").inner_text() == "Chủ nhật - 24/01/2021 23:12"
    assert page.get_by_text("Lê Dũng Toàn (Tổng hợp)").is_visible()
    # htmx loaded (its integrity hash matched) and our own script ran under the CSP.
    assert page.evaluate("() => typeof window.htmx === 'object' && htmx.version") == "4.0.1"
    for alt in ("Học tập và làm theo tư tưởng", "Chung tay bảo vệ chủ quyền"):
        image = page.get_by_alt_text(alt, exact=False)
        image.scroll_into_view_if_needed()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page_problems.all == []
    page.screenshot(path=str(screenshot_dir / "article-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(screenshot_dir / "article-phone.png"), full_page=True)
    assert page_problems.all == []


def test_unknown_article_shows_the_vietnamese_404_page(live_server, page):
    server = live_server()
    response = page.goto(server.url + "/tin-tuc/khong-co-999")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Không tìm thấy trang"
