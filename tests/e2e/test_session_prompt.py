"""The idle-session prompt in a real browser.

Timings are shortened by configuration: sessions end after 8 idle seconds and the prompt opens
5 seconds before. Waits are for things to happen (Playwright's expect), never fixed sleeps.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.live_clients import create_staff
from tests.support.staff import PASSWORD

SHORT = {"DANVAN_IDLE_TIMEOUT": "8", "DANVAN_IDLE_WARNING": "5", "DANVAN_SESSION_POLL": "1"}
TEXTS = ("Bạn đã không sử dụng Site", "Bấm vào đây để duy trì trạng thái đăng nhập")


@pytest.fixture
def staff_server(live_server):
    def start(**env):
        server = live_server(**{**SHORT, **env})
        create_staff(server)
        return server

    return start


def sign_in(page, server) -> None:
    page.goto(server.url + "/login")
    page.get_by_label("Tên đăng nhập").fill("lan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(server.url + "/quan-tri/")


def server_deadline(page, server) -> int:
    """Ask the server (passively) for the session's deadline; 0 when signed out."""
    response = page.request.get(
        server.url + "/session/status", headers={"HX-Request": "true"}, max_redirects=0
    )
    if response.status != 200:
        return 0
    return int(re.search(r'data-deadline="(\d+)"', response.text()).group(1))


def prompt(page):
    return page.get_by_role("dialog", name="Bạn đã không sử dụng Site")


def test_the_prompt_appears_counts_down_and_the_click_keeps_the_session(
    staff_server, page, page_problems, screenshot_dir
):
    server = staff_server()
    sign_in(page, server)
    dialog = prompt(page)
    expect(dialog).to_be_visible(timeout=8000)
    for text in TEXTS:
        expect(dialog).to_contain_text(text)
    keep = dialog.get_by_role("button", name=TEXTS[1])
    expect(keep).to_be_focused()
    seconds = dialog.locator("[data-session-seconds]")
    first = int(seconds.inner_text())
    assert 1 <= first <= 5
    expect(dialog.locator(".session-dialog__countdown")).to_have_attribute("aria-hidden", "true")
    expect(page).to_have_title(re.compile(r"^\(0:0\d\) Quản trị"))
    expect(seconds).not_to_have_text(str(first), timeout=3000)  # the countdown falls
    assert int(seconds.inner_text()) < first
    expect(dialog.locator("[role=status]")).to_contain_text("Phiên đăng nhập sẽ kết thúc sau")
    page.screenshot(path=str(screenshot_dir / "session-prompt.png"))
    before = server_deadline(page, server)
    keep.click()
    expect(dialog).to_be_hidden()
    expect(page).to_have_title(re.compile(r"^Quản trị"))
    assert server_deadline(page, server) > before  # the server confirms the extension
    assert page.url == server.url + "/quan-tri/"  # an htmx request, not a page load
    assert page_problems.all == []


def test_letting_it_run_out_lands_on_the_signed_out_page(staff_server, page, page_problems):
    server = staff_server()
    sign_in(page, server)
    expect(prompt(page)).to_be_visible(timeout=8000)
    expect(page).to_have_url(server.url + "/login?reason=idle", timeout=10000)
    expect(page.get_by_text("Bạn đã được đăng xuất vì không hoạt động.")).to_be_visible()
    assert server_deadline(page, server) == 0
    # location.replace: the dead staff page is not left in history to go back to.
    page.go_back()
    expect(page).to_have_url(server.url + "/login")
    # The browser logs the server's 401 answer to the last check; nothing else went wrong.
    assert [problem for problem in page_problems.all if "401" not in problem] == []


def test_escape_keeps_the_session_and_focus_returns(staff_server, page, page_problems):
    server = staff_server()
    sign_in(page, server)
    link = page.get_by_role("link", name="Quản trị")
    link.focus()
    dialog = prompt(page)
    expect(dialog).to_be_visible(timeout=8000)
    before = server_deadline(page, server)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(link).to_be_focused()
    assert server_deadline(page, server) > before
    assert page_problems.all == []


@pytest.mark.parametrize("broadcast", ["BroadcastChannel", "storage event"])
def test_two_tabs_share_keepalive_and_sign_out(staff_server, context, broadcast):
    if broadcast == "storage event":
        context.add_init_script("delete window.BroadcastChannel;")
    # No polling during the test: tab B learns of the keepalive and the sign-out from tab A's
    # broadcast only (with a 1 s poll it could ask the server first and leave as "idle").
    server = staff_server(DANVAN_SESSION_POLL="120")
    tab_a, tab_b = context.new_page(), context.new_page()
    sign_in(tab_a, server)
    tab_b.goto(server.url + "/quan-tri/")
    expect(prompt(tab_a)).to_be_visible(timeout=8000)
    expect(prompt(tab_b)).to_be_visible(timeout=8000)
    prompt(tab_a).get_by_role("button", name=TEXTS[1]).click()
    expect(prompt(tab_a)).to_be_hidden()
    expect(prompt(tab_b)).to_be_hidden(timeout=2000)
    tab_a.get_by_role("button", name="Đăng xuất").click()
    expect(tab_a).to_have_url(server.url + "/login?reason=signed_out")
    expect(tab_b).to_have_url(server.url + "/login?reason=signed_out", timeout=3000)
    expect(tab_b.get_by_text("Bạn đã đăng xuất.")).to_be_visible()


def test_typing_keeps_the_session_without_a_prompt(staff_server, page, page_problems):
    server = staff_server(DANVAN_ACTIVITY_INTERVAL="1")
    sign_in(page, server)
    for _ in range(10):  # ten seconds of typing: longer than the 8-second idle limit
        page.keyboard.press("a")
        page.wait_for_timeout(1000)
        assert not prompt(page).is_visible()
    assert server_deadline(page, server) > 0
    expect(page).to_have_url(server.url + "/quan-tri/")
    assert page_problems.all == []


def test_a_hidden_tab_asks_the_server_when_it_becomes_visible(staff_server, context):
    # A long poll and a long idle time: only the visibility event can make tab B ask now.
    server = staff_server(
        DANVAN_SESSION_POLL="120", DANVAN_IDLE_TIMEOUT="600", DANVAN_IDLE_WARNING="60"
    )
    tab_a, tab_b = context.new_page(), context.new_page()
    sign_in(tab_a, server)
    tab_b.goto(server.url + "/quan-tri/")
    # Sign out behind the page's back (another device, say): no broadcast reaches tab B.
    tab_a.request.post(
        server.url + "/logout",
        headers={"X-CSRFToken": tab_a.locator('meta[name="csrf-token"]').get_attribute("content")},
    )
    # Dispatched after evaluate() returns: the event makes the tab navigate to /login, and an
    # evaluate() that is still running when a navigation starts waits for that navigation
    # (Playwright's auto-wait) — once, in CI, it never returned.
    tab_b.evaluate("setTimeout(() => document.dispatchEvent(new Event('visibilitychange')), 0)")
    expect(tab_b).to_have_url(re.compile(r"/login"), timeout=3000)


def test_axe_finds_no_violation_with_the_prompt_open(staff_server, page):
    from axe_playwright_python.sync_playwright import Axe

    server = staff_server(DANVAN_IDLE_TIMEOUT="30", DANVAN_IDLE_WARNING="28")
    sign_in(page, server)
    expect(prompt(page)).to_be_visible(timeout=8000)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
