"""The browser's own form checks speak Vietnamese (static/js/forms.js), whatever the browser's
language: the context here is English ("en-US"), where Chromium's bubbles would say "Please fill
out this field." and its file button "Choose File". Without JavaScript, the server's Vietnamese
messages stand beside the fields instead."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_publishing_browser import sign_in
from tests.support.live_clients import create_staff
from tests.support.live_server import BROWSER_UA

# A form another screen might add later (a contact form, a document's date): the script is
# wired at the document, so a form put into the page now is covered like the templates' own.
LATER_FORM = """() => {
  const form = document.createElement('form');
  form.id = 'later';
  form.innerHTML = `
    <label>Thư <input id="email" type="email" required></label>
    <label>Trang <input id="web" type="url"></label>
    <label>Loại <select id="kind" required>
      <option value="">—</option><option>A</option></select></label>
    <label><input id="agree" type="checkbox" required> Đồng ý</label>
    <label>Số <input id="number" type="number" min="1" max="9"></label>
    <label>Ngày <input id="day" type="date"></label>
    <label>Mã <input id="code" pattern="[0-9]{4}" title="bốn chữ số, ví dụ 0123"></label>
    <label>Tên <input id="name" required data-msg-value-missing="Vui lòng nhập họ tên."></label>
    <label><input id="star-1" type="radio" name="stars" value="1" required> 1</label>
    <label><input id="star-2" type="radio" name="stars" value="2" required> 2</label>
    <input id="doc" type="file" required>
    <button>Gửi</button>`;
  document.querySelector('main').append(form);
}"""


@pytest.fixture
def english_page(browser, page_problems):
    context = browser.new_context(locale="en-US", user_agent=BROWSER_UA)
    page = context.new_page()
    page_problems.watch(page)
    yield page
    context.close()


@pytest.fixture
def server(live_server):
    server = live_server()
    create_staff(server, "quantri", role="admin")
    return server


def message(page, selector: str) -> str:
    return page.locator(selector).evaluate("el => el.validationMessage")


def test_the_editor_is_checked_before_sending_with_the_forms_own_messages(
    server, english_page, screenshot_dir
):
    page = english_page
    sign_in(page, server, "quantri")
    page.goto(server.url + "/quan-tri/bai-viet/moi")
    page.get_by_role("button", name="Đăng bài").click()
    # Refused in the browser (no request, no 422), with the server's words for the field.
    assert message(page, "#title") == "Vui lòng nhập tiêu đề."
    expect(page.locator("#title")).to_be_focused()
    assert page.url == server.url + "/quan-tri/bai-viet/moi"
    page.locator("#title").fill("Bài có hẹn giờ")
    assert message(page, "#title") == ""  # typing clears it
    page.locator("#body").fill("Nội dung.")
    # The publish time, day first, in a text box: a date without the time is refused here...
    page.get_by_label(re.compile("^Thời gian đăng")).fill("25/12/2026")
    page.get_by_role("button", name="Đăng bài").click()
    assert message(page, "#published_at") == (
        "Thời gian đăng không hợp lệ: hãy nhập ngày/tháng/năm giờ:phút, ví dụ 25/12/2026 08:30."
    )
    page.screenshot(path=str(screenshot_dir / "form-messages-editor.png"))
    # ...and a day that does not exist by the server, which says so beside the field.
    page.get_by_label(re.compile("^Thời gian đăng")).fill("31/02/2027 08:00")
    page.get_by_role("button", name="Đăng bài").click()
    expect(page.locator("#published_at-loi")).to_have_text(
        "Thời gian đăng không hợp lệ: hãy nhập ngày/tháng/năm giờ:phút, ví dụ 25/12/2026 08:30."
    )
    page.get_by_label(re.compile("^Thời gian đăng")).fill("25/12/2030 08:30")
    page.get_by_role("button", name="Đăng bài").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Đã hẹn giờ đăng bài viết lúc 25/12/2030 08:30"
    )
    expect(page.get_by_label(re.compile("^Thời gian đăng"))).to_have_value("25/12/2030 08:30")


def test_every_kind_of_check_has_a_vietnamese_message(server, english_page):
    page = english_page
    sign_in(page, server, "quantri")
    page.goto(server.url + "/quan-tri/")
    page.evaluate(LATER_FORM)
    page.locator("#email").fill("khong-phai-email")
    page.locator("#web").fill("trang-chu")
    page.locator("#number").fill("12")
    page.locator("#code").fill("12a")
    page.locator("#day").click()
    page.keyboard.type("3")  # one part of the date only: the browser cannot read it
    page.locator("#later button").click()
    assert {
        name: message(page, f"#{name}")
        for name in (
            "email",
            "web",
            "kind",
            "agree",
            "number",
            "day",
            "code",
            "name",
            "star-1",
            "doc",
        )
    } == {
        "email": "Hãy nhập một địa chỉ email hợp lệ (ví dụ: ten@example.com).",
        "web": "Hãy nhập một địa chỉ web đầy đủ, bắt đầu bằng http:// hoặc https://.",
        "kind": "Hãy chọn một mục trong danh sách.",
        "agree": "Hãy đánh dấu vào ô này để tiếp tục.",
        "number": "Giá trị phải nhỏ hơn hoặc bằng 9.",
        "day": "Hãy nhập một ngày hợp lệ (ngày/tháng/năm).",
        "code": "Hãy nhập đúng định dạng: bốn chữ số, ví dụ 0123",
        "name": "Vui lòng nhập họ tên.",
        "star-1": "Hãy chọn một trong các lựa chọn này.",
        "doc": "Hãy chọn một tệp.",
    }
    page.locator("#email").fill("")
    page.locator("#later button").click()
    assert message(page, "#email") == "Hãy điền vào ô này."  # the state that fails now
    page.locator("#kind").select_option("A")
    assert message(page, "#kind") == ""
    # Choosing one radio answers for the group: none keeps the message.
    page.locator("#star-2").check()
    assert message(page, "#star-1") == message(page, "#star-2") == ""
    # Its file input got the Vietnamese control too.
    expect(page.locator("#later .file-control__button")).to_have_text("Chọn tệp")


def test_a_file_input_reads_in_vietnamese(server, english_page, tmp_path, screenshot_dir):
    page = english_page
    sign_in(page, server, "quantri")
    page.goto(server.url + "/quan-tri/anh/")
    upload = page.locator(".upload__form")
    expect(upload.locator(".file-control__button")).to_have_text("Chọn tệp")
    expect(upload.locator(".file-control__button")).to_be_visible()
    expect(upload.locator(".file-control__status")).to_have_text("Chưa chọn tệp")
    expect(upload.locator(".file-control__hint")).to_be_hidden()
    # The native control, with the browser's English, is there but not seen.
    assert page.locator("#upload-image").evaluate("el => getComputedStyle(el).opacity") == "0"
    page.get_by_role("button", name="Tải lên").click()
    assert message(page, "#upload-image") == "Vui lòng chọn một tệp ảnh."
    assert page.get_by_label(re.compile("^Tệp ảnh")).get_attribute("aria-describedby") == (
        "upload-image-trang-thai"
    )
    picture = tmp_path / "hội-nghị.png"
    from tests.support.media import photo_bytes

    picture.write_bytes(photo_bytes((300, 200), seed=1))
    page.set_input_files("#upload-image", str(picture))
    expect(upload.locator(".file-control__status")).to_have_text("hội-nghị.png")
    assert message(page, "#upload-image") == ""
    upload.screenshot(path=str(screenshot_dir / "file-control.png"))
    # Keyboard: the invisible input takes focus and the Vietnamese button shows it.
    page.locator("#upload-image").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    outline = upload.locator(".file-control__button").evaluate(
        "el => getComputedStyle(el).outlineStyle"
    )
    assert outline == "solid"


def test_without_javascript_the_server_answers_in_vietnamese(server, browser):
    context = browser.new_context(java_script_enabled=False, locale="en-US", user_agent=BROWSER_UA)
    try:
        page = context.new_page()
        sign_in(page, server, "quantri")
        page.goto(server.url + "/quan-tri/bai-viet/moi")
        # No bubble in the browser's English: novalidate forms go to the server.
        page.get_by_label(re.compile("^Thời gian đăng")).fill("12/31/2026 08:00")
        page.get_by_role("button", name="Đăng bài").click()
        expect(page.locator("#title-loi")).to_have_text("Vui lòng nhập tiêu đề.")
        expect(page.locator("#body-loi")).to_have_text("Vui lòng nhập nội dung bài viết.")
        expect(page.locator("#published_at-loi")).to_contain_text("Thời gian đăng không hợp lệ")
        # The file input is the browser's own, with the Vietnamese hint beside it.
        hint = page.locator(".lead-image .file-control__hint")
        expect(hint).to_be_visible()
        expect(hint).to_contain_text("Bấm nút của ô chọn tệp")
        assert page.locator(".file-control__button").count() == 0
        page.goto(server.url + "/quan-tri/anh/")
        page.get_by_role("button", name="Tải lên").click()
        expect(page.locator("main")).to_contain_text("Vui lòng chọn một tệp ảnh.")
    finally:
        context.close()
