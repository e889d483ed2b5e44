"""The committee's identity in a real browser: an admin fills the screen and uploads a logo;
the header and the footer then show them on a desktop and on a 360-pixel phone, without a
horizontal scroll or a layout shift, and axe-core finds nothing on the screen or the pages."""

from __future__ import annotations

import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from danvan.admin.identity import LABELS, TEXT_FIELDS
from tests.e2e.test_publishing_browser import sign_in
from tests.support.identity import EXAMPLE_FORM
from tests.support.live_clients import create_staff
from tests.support.media import photo_bytes

FULL_NAME = "Ban Dân vận Tỉnh ủy Tuyên Quang"
# Layout shifts since the page began (CLS's entries) that moved something of the header's top
# row (the brand, the search box): a logo without its box would push the name aside.
# (Any shift at all: tests/e2e/test_layout_shift_browser.py.)
BRAND_SHIFTS = """() => new Promise(resolve => {
  const row = document.querySelector('.site-header__inner');
  new PerformanceObserver(list => resolve(list.getEntries().filter(
    entry => entry.sources.some(source => source.node && row.contains(source.node))).length))
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(0), 500);
})"""


def late(route) -> None:
    time.sleep(0.3)
    route.continue_()


def violations(page, context=None) -> str:
    result = Axe().run(page, context=context)
    return result.generate_report() if result.violations_count else ""


@pytest.fixture
def site_with_identity(live_server, page, page_problems, tmp_path):
    """A live site whose admin has set every field and uploaded a logo in the browser."""
    # One process: another would keep its copy of the identity up to 30 s (core/caches.py),
    # as README's Caching section says; this test is about what the pages show.
    server = live_server(DANVAN_WORKERS="1")
    create_staff(server, "quantri", role="admin")
    sign_in(page, server, "quantri")
    page.get_by_role("link", name="Thông tin đơn vị").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thông tin đơn vị")
    assert violations(page) == ""
    # A malformed address is stopped by the browser's Vietnamese check (static/js/forms.js).
    page.get_by_label("Thư điện tử").fill("khong-phai-thu")
    page.get_by_role("button", name="Lưu thông tin đơn vị").click()
    bubble = page.get_by_label("Thư điện tử").evaluate("element => element.validationMessage")
    assert bubble.startswith("Hãy nhập một địa chỉ email hợp lệ")
    # One the browser accepts but the server refuses (no dot in the domain): the message is
    # tied to its field, and axe finds nothing.
    page.get_by_label("Thư điện tử").fill("ban@localhost")
    page.get_by_role("button", name="Lưu thông tin đơn vị").click()
    expect(page.get_by_role("alert")).to_contain_text("Thông tin đơn vị chưa được lưu")
    expect(page.get_by_label("Thư điện tử")).to_have_attribute("aria-invalid", "true")
    assert violations(page) == ""
    # The fields found by their labels (the unit tests check the labels' wording).
    for name in TEXT_FIELDS:
        page.get_by_label(LABELS[name], exact=True).fill(EXAMPLE_FORM[name])
    logo = tmp_path / "logo.png"
    logo.write_bytes(photo_bytes((400, 300), seed=5))
    page.set_input_files("#image_file", str(logo))
    page.get_by_role("button", name="Lưu thông tin đơn vị").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu thông tin đơn vị")
    expect(page.get_by_text("Logo đang dùng: logo.png")).to_be_visible()
    # Signed out, the pages are the ones every reader gets.
    page.context.clear_cookies()
    return server


@pytest.mark.parametrize("width", [1280, 360])
def test_the_header_and_footer_show_the_identity(
    site_with_identity, page, page_problems, width, screenshot_dir
):
    server = site_with_identity
    page.set_viewport_size({"width": width, "height": 800})
    # The logo arrives after the page is drawn, as on a slow line: its box must be kept.
    page.route("**/uploads/**", late)
    for path in ("/", "/tin-tuc/1", "/thong-ke", "/khong-co-trang-nay"):
        page.goto(server.url + path)
        page.wait_for_load_state("networkidle")
        brand = page.locator(".site-brand")
        expect(brand).to_contain_text(FULL_NAME, ignore_case=True)
        logo = page.locator("img.site-brand__logo")  # alt="": the link's text names it
        box = logo.bounding_box()
        assert (box["width"], box["height"]) == (56, 56), path
        assert logo.evaluate("img => img.complete && img.naturalWidth > 0"), path
        footer = page.get_by_role("contentinfo")
        expect(footer.locator("address")).to_contain_text("Điện thoại: (0207) 3822.123")
        expect(footer.get_by_role("link", name="bandanvan@tuyenquang.gov.vn")).to_have_attribute(
            "href", "mailto:bandanvan@tuyenquang.gov.vn"
        )
        expect(footer).to_contain_text("Chịu trách nhiệm chính: Nguyễn Văn An, Phó Trưởng Ban")
        expect(footer.get_by_role("link", name="Đăng nhập cán bộ")).to_be_visible()
        # Nothing wider than the screen, and the logo's box is kept before it loads.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, path
        assert page.evaluate(BRAND_SHIFTS) == 0, path
        assert violations(page, "header") == "", path
        assert violations(page, "footer") == "", path
    page.goto(server.url + "/")
    page.screenshot(path=str(screenshot_dir / f"identity-{width}.png"), full_page=True)
    # Chromium logs the refused form's 422 and the 404 page; nothing else went wrong.
    assert [p for p in page_problems.all if "422" not in p and "404" not in p] == []
