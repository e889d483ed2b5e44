"""Every staff screen on a phone 360 px wide: nothing wider than the screen, every menu link
reachable, the dashboard's titles readable (not a word per line), axe-core clean.

The data comes from ``seed-demo`` (articles with long Vietnamese titles, forty categories,
images), so the tables are as full as on a working site.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.test_publishing_browser import sign_in
from tests.support.comment_rows import store_comments
from tests.support.live_clients import Browser, create_staff, run_flask
from tests.support.live_server import BROWSER_UA
from tests.test_architecture import documented_urls

WIDTH, HEIGHT = 360, 740
# Screens every staff area has had since issue 11; the list below must hold them all.
KNOWN_SCREENS = {
    "/quan-tri/",
    "/quan-tri/bai-viet/moi",
    "/quan-tri/bai-viet/1",
    "/quan-tri/bai-viet/1/phan-hoi",
    "/quan-tri/chuyen-muc/",
    "/quan-tri/chuyen-muc/1",
    "/quan-tri/chuyen-muc/1/xoa",
    "/quan-tri/cot-phai/",
    "/quan-tri/bieu-ngu/moi",
    "/quan-tri/bieu-ngu/1",
    "/quan-tri/lien-ket/moi",
    "/quan-tri/lien-ket/1",
    "/quan-tri/anh/",
    "/quan-tri/thong-ke/",
    "/quan-tri/tai-khoan/",
    "/quan-tri/nhat-ky/",
    "/quan-tri/phan-hoi/",
    "/quan-tri/phan-hoi/1/xoa",
    "/quan-tri/phan-hoi/1/tra-loi",
}
KNOWN_MENU = [
    "Quản trị",
    "Viết bài",
    "Chuyên mục",
    "Phản hồi",
    "Ảnh",
    "Biểu ngữ và liên kết",
    "Thống kê",
    "Tài khoản",
    "Nhật ký",
]


def staff_screens() -> list[str]:
    """Every GET page of ARCHITECTURE.md's /quan-tri/ rows (CSV downloads aside), with id 1 for
    each <int:…>: a screen added later is checked here without editing this list."""
    paths = []
    for rule, methods, _, _ in sorted(documented_urls()):
        if rule.startswith("/quan-tri/") and "GET" in methods and not rule.endswith(".csv"):
            paths.append(re.sub(r"<int:\w+>", "1", rule))
    return paths


STAFF_SCREENS = staff_screens()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """One server with demonstration content for the whole module (seeding takes seconds)."""
    from tests.conftest import reset_test_database
    from tests.support.live_server import LiveServer

    reset_test_database()
    server = LiveServer(tmp_path_factory.mktemp("phone") / "instance").start()
    try:
        result = run_flask(server, "seed-demo", "--articles", "40", "--images", "3")
        assert result.returncode == 0, result.stderr
        create_staff(server, "quantri", role="admin")
        store_comments(server)  # the queue holds some, one answered, one long
        write_audit_entries(server)
        yield server
    finally:
        server.stop()
        reset_test_database()


def write_audit_entries(server) -> None:
    """A few staff actions, so the audit log has rows: accounts made through the form."""
    staff = Browser(BROWSER_UA)
    assert staff.sign_in(server.url, "quantri") == 303
    _, html = staff.send(server.url + "/quan-tri/tai-khoan/")
    token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
    for number in range(3):
        status, _ = staff.send(
            server.url + "/quan-tri/tai-khoan/",
            {
                "csrf_token": token,
                "username": f"bien-tap-vien-{number}",
                "role": "editor",
                "password": "mat-khau-du-dai-2026",
                "password_again": "mat-khau-du-dai-2026",
            },
        )
        assert status == 303


@pytest.fixture
def phone(page, seeded):
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    sign_in(page, seeded, "quantri")
    return page


def page_width(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


def screenshot_name(path: str) -> str:
    return "phone-" + path.strip("/").replace("/", "-") + ".png"


def test_the_screens_come_from_the_url_table():
    assert set(STAFF_SCREENS) >= KNOWN_SCREENS, KNOWN_SCREENS - set(STAFF_SCREENS)


def too_wide_screens(page, server, shots=None) -> dict[str, int]:
    """The staff screens wider than the phone, with their width; screenshots into ``shots``."""
    too_wide = {}
    for path in STAFF_SCREENS:
        response = page.goto(server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        if page_width(page) > WIDTH:
            too_wide[path] = page_width(page)
        if shots:
            page.screenshot(path=str(shots / screenshot_name(path)), full_page=True)
    return too_wide


def test_no_staff_screen_is_wider_than_a_phone(seeded, phone, screenshot_dir):
    assert too_wide_screens(phone, seeded, screenshot_dir) == {}


def test_nor_without_javascript(seeded, browser):
    context = browser.new_context(java_script_enabled=False, user_agent=BROWSER_UA)
    try:
        page = context.new_page()
        page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
        sign_in(page, seeded, "quantri")
        assert too_wide_screens(page, seeded) == {}
    finally:
        context.close()


def test_every_staff_menu_link_is_reachable_on_a_phone(seeded, phone, screenshot_dir):
    phone.goto(seeded.url + "/quan-tri/")
    phone.wait_for_load_state("networkidle")
    menu = phone.get_by_role("navigation", name="Quản trị")
    links = menu.get_by_role("link")
    names = [name.strip() for name in links.all_inner_texts()]
    # The known links in their order (screens added later may stand among them).
    assert [name for name in names if name in KNOWN_MENU] == KNOWN_MENU
    phone.screenshot(path=str(screenshot_dir / "phone-staff-menu.png"))
    for index, name in enumerate(names):
        link = links.nth(index)
        link.scroll_into_view_if_needed()
        box = link.bounding_box()
        assert box is not None and link.is_visible(), name
        # Inside the screen once scrolled to, and the page itself did not widen.
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH + 0.5, (name, box)
        assert page_width(phone) <= WIDTH
    # Each one leads to its screen.
    links.filter(has_text="Nhật ký").click()
    phone.wait_for_url("**/quan-tri/nhat-ky/")


def test_the_dashboard_titles_are_readable_on_a_phone(seeded, phone):
    phone.goto(seeded.url + "/quan-tri/")
    titles = phone.locator(".admin-articles tbody th")
    assert titles.count() >= 10
    widths = titles.evaluate_all("cells => cells.map(cell => cell.getBoundingClientRect().width)")
    # 150 px hold two or three Vietnamese words a line at 15 px; a squeezed column held one.
    assert min(widths) >= 150, widths


def test_axe_finds_no_violation_on_the_staff_screens_on_a_phone(seeded, phone):
    axe = Axe()
    reports = {}
    for path in STAFF_SCREENS:
        phone.goto(seeded.url + path)
        phone.wait_for_load_state("networkidle")
        results = axe.run(phone)
        if results.violations_count:
            reports[path] = results.generate_report()
    assert reports == {}, "\n\n".join(f"{path}:\n{report}" for path, report in reports.items())
