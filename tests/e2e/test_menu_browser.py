"""The main menu in a real browser: keyboard only on a desktop, the disclosure menu on a phone,
no JavaScript, axe-core. The sample content has "Tin tức" with the submenu "Tin hoạt động",
and the page "Giới thiệu" with its subpages."""

import pytest

# The category's submenu and its button; "Giới thiệu" (a page, pages/) has one of its own.
SUBMENU = "#menu-chinh .site-nav__sub:not([id^='menu-trang-'])"
TOGGLE = ".site-nav__sub-toggle:not([aria-controls^='menu-trang-'])"
PAGE_TOGGLE = ".site-nav__sub-toggle[aria-controls^='menu-trang-']"
SUB_LINK = "Tin hoạt động"


@pytest.fixture
def server(live_server):
    return live_server()


def focused_text(page) -> str:
    return page.evaluate("() => (document.activeElement.innerText || '').trim()")


def focused_label(page) -> str:
    return page.evaluate(
        "() => (document.activeElement.innerText || document.activeElement.textContent).trim()"
    )


def test_keyboard_only_opens_the_submenu_follows_it_and_escape_closes(server, page, page_problems):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(server.url + "/")
    page.wait_for_load_state("networkidle")
    submenu = page.locator(SUBMENU)
    assert not submenu.is_visible()
    # Tab from the top: skip link, brand, search (if any), "Trang chủ", "Tin tức", its button.
    for _ in range(12):
        page.keyboard.press("Tab")
        if focused_text(page) == "Tin tức":
            break
    assert focused_text(page) == "Tin tức"
    page.keyboard.press("Tab")
    toggle = page.locator(TOGGLE)
    assert page.evaluate("() => document.activeElement.classList.contains('site-nav__sub-toggle')")
    assert toggle.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert submenu.is_visible()
    page.keyboard.press("Tab")
    assert focused_text(page) == SUB_LINK
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not submenu.is_visible()
    assert page.evaluate("() => document.activeElement.classList.contains('site-nav__sub-toggle')")
    # Enter on the link goes to the category page.
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/chuyen-muc/tin-hoat-dong")
    assert page.locator("h1").inner_text() == SUB_LINK
    assert page_problems.all == []


def test_a_phone_gets_a_menu_button_that_discloses_the_menu(server, page, screenshot_dir):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(server.url + "/")
    page.wait_for_load_state("networkidle")
    button = page.get_by_role("button", name="Menu")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("link", name="Trang chủ", exact=True).is_visible()
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="Tin tức", exact=True).is_visible()
    page.locator(TOGGLE).click()
    page.get_by_role("link", name=SUB_LINK, exact=True).click()
    page.wait_for_url("**/chuyen-muc/tin-hoat-dong")
    page.screenshot(path=str(screenshot_dir / "menu-phone.png"))
    # Nothing wider than the screen: the menu wraps, it does not scroll sideways.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375


def test_without_javascript_the_whole_menu_is_links(server, browser):
    from tests.support.live_server import BROWSER_UA

    context = browser.new_context(java_script_enabled=False, user_agent=BROWSER_UA)
    try:
        page = context.new_page()
        page.set_viewport_size({"width": 375, "height": 740})
        page.goto(server.url + "/")
        assert page.get_by_role("link", name=SUB_LINK, exact=True).is_visible()
        assert not page.get_by_role("button", name="Menu").is_visible()
        page.set_viewport_size({"width": 1280, "height": 800})
        page.get_by_role("link", name="Tin tức", exact=True).focus()
        page.keyboard.press("Tab")  # focus inside the item opens its submenu
        assert focused_label(page) == SUB_LINK
        assert page.locator(SUBMENU).is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_no_violation_in_the_menu_and_the_category_page(server, page, width):
    from axe_playwright_python.sync_playwright import Axe

    page.set_viewport_size({"width": width, "height": 800})
    page.goto(server.url + "/chuyen-muc/tin-tuc")
    page.wait_for_load_state("networkidle")
    if width < 800:
        page.get_by_role("button", name="Menu").click()
    page.locator(TOGGLE).click()
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()


def test_a_page_s_submenu_opens_like_a_category_s(server, page, page_problems):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(server.url + "/")
    page.wait_for_load_state("networkidle")
    toggle = page.locator(PAGE_TOGGLE)
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.get_by_role("link", name="Cơ cấu tổ chức", exact=True).click()
    page.wait_for_url("**/gioi-thieu/co-cau-to-chuc")
    assert page.locator("h1").inner_text() == "Cơ cấu tổ chức"
    assert page_problems.all == []
