"""The committee's pages in a real browser: axe-core on every new public page, the contact
form sent with htmx (errors in place, then the thank-you), and the inbox with a message."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.test_publishing_browser import sign_in
from tests.support.live_clients import create_staff

PUBLIC_PATHS = [
    "/gioi-thieu/gioi-thieu",
    "/gioi-thieu/co-cau-to-chuc",
    "/lien-he",
    "/en/",
    "/en/organisation",
    "/en/contact",
    "/en/gioi-thieu",
]


def axe_reports(page) -> str | None:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return result.generate_report() if result.violations_count else None


def test_axe_finds_no_violation_on_the_pages(live_server, page, page_problems):
    server = live_server()
    reports = {}
    for path in PUBLIC_PATHS:
        response = page.goto(server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        if report := axe_reports(page):
            reports[path] = report
    assert reports == {}, "\n\n".join(f"{path}:\n{report}" for path, report in reports.items())
    assert page_problems.all == []


def test_the_contact_form_with_htmx_shows_errors_in_place_then_thanks(
    live_server, page, page_problems, screenshot_dir
):
    server = live_server()
    page.goto(server.url + "/lien-he")
    page.wait_for_load_state("networkidle")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_label("Email").fill("lan-khong-co-a-cong")
    page.get_by_label("Tiêu đề").fill("Hỏi về lịch tiếp dân")
    page.get_by_label("Nội dung").fill("Xin cho biết lịch tiếp dân tháng này.")
    page.wait_for_timeout(3200)  # a person takes longer than the form's 3-second minimum
    # The browser's own check (static/js/forms.js) stops this one, in Vietnamese, unsent.
    page.get_by_role("button", name="Gửi thư").click()
    message = page.get_by_label("Email").evaluate("element => element.validationMessage")
    assert message.startswith("Hãy nhập một địa chỉ email hợp lệ")
    expect(page.get_by_role("alert")).to_have_count(0)
    # An address the browser accepts and the server does not (no dot in the domain): the
    # server's refusal is swapped in place.
    page.get_by_label("Email").fill("lan@localhost")
    page.get_by_role("button", name="Gửi thư").click()
    expect(page.get_by_role("alert")).to_contain_text("Thư chưa được gửi")
    expect(page.locator("#email-loi")).to_have_text(
        "Địa chỉ email không hợp lệ: hãy nhập dạng ten@vi-du.vn."
    )
    assert page.url == server.url + "/lien-he"  # swapped in place, no navigation
    expect(page.get_by_label("Họ và tên")).to_have_value("Nguyễn Thị Lan")
    assert axe_reports(page) is None
    page.screenshot(path=str(screenshot_dir / "contact-errors.png"), full_page=True)
    page.get_by_label("Email").fill("lan@example.vn")
    page.wait_for_timeout(3200)
    page.get_by_role("button", name="Gửi thư").click()
    expect(page.get_by_role("status").filter(has_text="Cảm ơn bạn đã gửi thư")).to_be_visible()
    # The browser logs the refused form's 422; nothing else went wrong.
    assert [problem for problem in page_problems.all if "422" not in problem] == []

    create_staff(server, "lan")
    sign_in(page, server)
    expect(page.get_by_text("Thư liên hệ chưa xử lý: 1")).to_be_visible()
    page.goto(server.url + "/quan-tri/lien-he/")
    expect(page.get_by_role("heading", name="Hỏi về lịch tiếp dân")).to_be_visible()
    page.get_by_role("button", name="Đã xử lý: Hỏi về lịch tiếp dân").click()
    expect(page.get_by_role("status").filter(has_text="là đã xử lý")).to_be_visible()
    assert axe_reports(page) is None


def test_the_page_editor_previews_while_typing_and_saves(live_server, page, page_problems):
    server = live_server()
    create_staff(server, "lan")
    sign_in(page, server)
    page.get_by_role("link", name="Trang", exact=True).click()
    page.get_by_role("link", name="Cơ cấu tổ chức", exact=True).click()
    body = page.get_by_label("Nội dung (Markdown; được dùng HTML đơn giản)")
    body.fill("## Lãnh đạo Ban\n\nTrưởng ban: **Nguyễn Văn A**.")
    preview = page.locator("#article-preview")
    # The stored body is shown first (two headings); the htmx live preview replaces it.
    expect(preview.locator("strong")).to_have_text("Nguyễn Văn A")
    expect(preview.locator("h2")).to_have_text(["Lãnh đạo Ban"])
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Đã lưu trang.")).to_be_visible()
    page.goto(server.url + "/gioi-thieu/co-cau-to-chuc")
    expect(page.locator(".page-body strong")).to_have_text("Nguyễn Văn A")
    assert page_problems.all == []
