"""The header's search form in a real browser, by keyboard only: label, submit, results."""


def test_the_header_search_works_by_keyboard_alone(
    live_server, page, page_problems, screenshot_dir
):
    server = live_server()
    page.goto(server.url + "/")
    search = page.get_by_role("search", name="Tìm kiếm trên trang")
    box = search.get_by_role("searchbox", name="Tìm kiếm bài viết")
    for _ in range(10):  # skip link, brand, then the box: reached by Tab
        page.keyboard.press("Tab")
        if box.evaluate("element => element === document.activeElement"):
            break
    else:
        raise AssertionError("the search box is not reachable by Tab")
    page.keyboard.type("dan van")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/tim-kiem?q=dan+van" in page.url
    assert page.get_by_role("status").first.inner_text().startswith("Tìm thấy 1 kết quả")
    marks = page.locator(".article-card__title mark").all_inner_texts()
    assert marks == ["DÂN", "VẬN"]  # found and marked without the diacritics typed
    assert page.get_by_label("Từ khoá (có dấu hoặc không dấu)").input_value() == "dan van"
    assert page_problems.all == []
    page.screenshot(path=str(screenshot_dir / "search-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(screenshot_dir / "search-phone.png"), full_page=True)
