"""Images in a real browser: "Chèn ảnh" puts the Markdown at the cursor and the live preview
shows the image; an image uploaded on the editor page inserts the same way; a lead image chosen
in the editor shows as the list's thumbnail and at the top of the article."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.test_publishing_browser import sign_in
from tests.support.live_clients import create_staff
from tests.support.live_server import BROWSER_UA
from tests.support.media import photo_bytes


def upload_in_library(page, server, path) -> str:
    """Upload ``path`` on the image library page (htmx); the image's URL."""
    page.goto(server.url + "/quan-tri/anh/")
    page.set_input_files("#upload-image", str(path))
    page.get_by_role("button", name="Tải lên").click()
    snippet = page.locator("#upload-result input[readonly]")
    expect(snippet).to_have_value(re.compile(r"^!\[Mô tả ảnh\]\(/uploads/[0-9a-f]{32}\.webp\)$"))
    return snippet.input_value().split("(", 1)[1].rstrip(")")


def test_insert_image_puts_the_snippet_at_the_cursor_and_the_preview_shows_it(
    live_server, page, page_problems, tmp_path, screenshot_dir
):
    server = live_server()
    create_staff(server)
    sign_in(page, server)
    picture = tmp_path / "hoi-nghi.png"
    picture.write_bytes(photo_bytes((1200, 800), seed=3))
    url = upload_in_library(page, server, picture)
    # On the library page there is no body to insert into: the button stays hidden.
    expect(page.get_by_role("button", name="Chèn vào bài viết")).to_be_hidden()

    page.goto(server.url + "/quan-tri/bai-viet/moi")
    body = page.get_by_label(re.compile("^Nội dung"))
    body.fill("Đoạn một.\n\n\n\nĐoạn hai.")
    # The cursor on the empty line between the two paragraphs, by keyboard.
    body.press("Control+Home")
    for _ in range(len("Đoạn một.\n\n")):
        body.press("ArrowRight")
    page.get_by_role("button", name="Chèn ảnh", exact=True).click()
    picker = page.get_by_role("dialog", name="Chèn ảnh vào nội dung")
    expect(picker).to_be_visible()
    # The editor with its image choices and the open picker, as axe sees them.
    library = page.get_by_text("Chọn ảnh khác trong thư viện ảnh")
    library.evaluate("summary => { summary.parentElement.open = true; }")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    picker.get_by_label(re.compile("^Mô tả ảnh")).fill("Hội nghị [tổng kết] năm")
    picker.get_by_role("button", name="Chèn ảnh hoi-nghi.png").click()
    expect(picker).to_be_hidden()
    expected = f"Đoạn một.\n\n![Hội nghị \\[tổng kết\\] năm]({url})\n\nĐoạn hai."
    expect(body).to_have_value(expected)
    expect(body).to_be_focused()
    # The live preview (htmx on "input") renders and shows it.
    shown = page.locator(f'#article-preview img[src="{url}"]')
    expect(shown).to_have_attribute("alt", "Hội nghị [tổng kết] năm")
    page.wait_for_function(
        "src => [...document.querySelectorAll('#article-preview img')]"
        ".some(i => i.getAttribute('src') === src && i.complete && i.naturalWidth === 1200)",
        arg=url,
    )
    page.screenshot(path=str(screenshot_dir / "images-insert.png"), full_page=True)

    # An image uploaded on the editor page itself: its "Chèn vào bài viết" inserts at the
    # cursor with the description selected, so typing replaces it.
    second = tmp_path / "tiep-xuc.png"
    second.write_bytes(photo_bytes((800, 600), seed=4))
    body.press("Control+End")
    page.set_input_files("#upload-image", str(second))
    page.get_by_role("button", name="Tải lên").click()
    insert = page.locator("#upload-result").get_by_role("button", name="Chèn vào bài viết")
    expect(insert).to_be_visible()
    new_url = page.locator("#upload-result input[readonly]").input_value().split("(")[1][:-1]
    insert.click()
    expect(body).to_be_focused()
    page.keyboard.type("Tiếp xúc cử tri")
    expect(body).to_have_value(expected + f"![Tiếp xúc cử tri]({new_url})")
    expect(page.locator(f'#article-preview img[src="{new_url}"]')).to_have_attribute(
        "alt", "Tiếp xúc cử tri"
    )
    assert page_problems.all == []


def test_a_lead_image_chosen_in_the_editor_shows_in_the_list_and_the_article(
    live_server, page, page_problems, tmp_path, browser
):
    server = live_server()
    create_staff(server)
    sign_in(page, server)
    picture = tmp_path / "trao-qua.png"
    picture.write_bytes(photo_bytes((1200, 800), seed=5))
    url = upload_in_library(page, server, picture)
    name = url.removeprefix("/uploads/")
    stem = name.removesuffix(".webp")

    page.goto(server.url + "/quan-tri/bai-viet/moi")
    page.get_by_label("Tiêu đề", exact=True).fill("Trao quà cho hộ nghèo")
    page.get_by_label(re.compile("^Nội dung")).fill("Nội dung bài viết.")
    page.get_by_text("Chọn ảnh khác trong thư viện ảnh").click()
    page.get_by_role("radio", name=re.compile(r"^trao-qua\.png · 1200 × 800")).check()
    page.get_by_role("button", name="Đăng bài").click()
    # The description is required with an image: the form comes back with the error.
    expect(page.get_by_text("Vui lòng nhập mô tả ảnh")).to_be_visible()
    expect(page.get_by_role("radio", name=re.compile("^Ảnh đang chọn: trao-qua"))).to_be_checked()
    page.get_by_label("Mô tả ảnh (bắt buộc khi có ảnh đại diện)").fill("Đoàn công tác trao quà")
    page.get_by_role("button", name="Đăng bài").click()
    expect(page.get_by_role("status").filter(has_text="Đã đăng bài viết.")).to_be_visible()

    # A resident, in a browser of their own (the staff one has the full image cached, and
    # Chromium then takes it from srcset whatever the size).
    resident = browser.new_context(locale="vi-VN", user_agent=BROWSER_UA)
    page = resident.new_page()
    page_problems.watch(page)
    page.goto(server.url + "/")
    thumb = page.locator(".article-card__thumb img").first
    expect(thumb).to_have_attribute("srcset", re.compile(rf"/uploads/{stem}-320\.webp 320w"))
    # A 120/192-pixel slot: the browser takes a small copy, not the 1200-pixel image.
    page.wait_for_function(
        "() => { const i = document.querySelector('.article-card__thumb img');"
        " return i.complete && i.naturalWidth > 0; }"
    )
    chosen = thumb.evaluate("image => image.currentSrc")
    assert re.search(rf"/uploads/{stem}-(320|640)\.webp$", chosen), chosen
    box = thumb.bounding_box()
    assert box and round(box["width"] / box["height"], 2) == 1.5  # cropped to 3:2
    # One link per article for the keyboard: Tab goes from title to title, past the pictures.
    focused = []
    page.locator(".article-card__title a").first.focus()
    for _ in range(2):
        focused.append(page.evaluate("document.activeElement.closest('.article-card__thumb')"))
        page.keyboard.press("Tab")
    assert focused == [None, None]
    # axe on the main content, where the images are (the sidebar's two "Chuyên đề" regions
    # are another matter: axe's landmark-unique, reported to the lead).
    axe = Axe()
    reports = {}
    results = axe.run(page, context="main")
    if results.violations_count:
        reports["/"] = results.generate_report()
    page.get_by_role("link", name="Trao quà cho hộ nghèo").click()
    lead = page.locator("figure.article__image img")
    expect(lead).to_have_attribute("alt", "Đoàn công tác trao quà")
    page.wait_for_function(
        "() => { const i = document.querySelector('figure.article__image img');"
        " return i.complete && i.naturalWidth > 0; }"
    )
    results = axe.run(page, context="main")
    if results.violations_count:
        reports["article"] = results.generate_report()
    assert reports == {}, "\n\n".join(f"{path}:\n{report}" for path, report in reports.items())
    # The browser logs the refused form's 422; nothing else went wrong.
    assert [problem for problem in page_problems.all if "422" not in problem] == []
    resident.close()
