"""The staff area in a real browser: an editor's whole flow, the XSS corpus, typing keeps the
session, axe-core on every staff page.

Timings are shortened by configuration (idle limit 8 s, activity interval 1 s), never by sleeps
longer than the typing itself.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.live_clients import create_staff
from tests.support.staff import PASSWORD
from tests.support.xss_corpus import XSS_VECTORS


def sign_in(page, server, username: str = "lan") -> None:
    page.goto(server.url + "/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(server.url + "/quan-tri/")


def test_an_editor_writes_previews_publishes_and_reads_the_article(
    live_server, page, page_problems, screenshot_dir
):
    server = live_server()
    create_staff(server)
    sign_in(page, server)
    page.get_by_role("link", name="Viết bài", exact=True).click()
    expect(page.get_by_role("heading", name="Viết bài mới")).to_be_visible()
    page.get_by_label("Tiêu đề", exact=True).fill("Dân vận khéo trong giai đoạn mới")
    body = page.get_by_label(re.compile("^Nội dung"))
    body.fill("## Một là\n\nNâng cao **chất lượng** công tác dân vận.")
    preview = page.locator("#article-preview")
    # The live preview: an htmx POST while typing, answered with sanitised HTML.
    expect(preview.locator("h2")).to_have_text("Một là")
    expect(preview.locator("strong")).to_have_text("chất lượng")
    page.get_by_label("Nguồn tin", exact=True).fill("Ban Dân vận")
    page.screenshot(path=str(screenshot_dir / "publishing-editor.png"), full_page=True)
    page.get_by_role("button", name="Đăng bài").click()
    expect(page.get_by_role("status").filter(has_text="Đã đăng bài viết.")).to_be_visible()
    page.get_by_role("link", name="Trang chủ").click()
    link = page.get_by_role("link", name="Dân vận khéo trong giai đoạn mới")
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(r"/tin-tuc/dan-van-kheo-trong-giai-doan-moi-\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dân vận khéo trong giai đoạn mới")
    expect(page.locator(".article__body strong")).to_have_text("chất lượng")
    expect(page.locator(".article__source")).to_have_text("Nguồn tin: Ban Dân vận")
    assert page_problems.all == []


def test_the_xss_corpus_runs_nothing_in_a_browser(live_server, page, page_problems):
    server = live_server()
    create_staff(server)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, server)
    page.goto(server.url + "/quan-tri/bai-viet/moi")
    page.get_by_label("Tiêu đề", exact=True).fill("Bài kiểm tra an toàn")
    # Each vector calls alert() and sets a flag, so either way a run would show.
    corpus = "\n\n".join(
        vector.replace("alert(1)", "alert(1),window.__xss=1") for vector in XSS_VECTORS
    )
    page.get_by_label(re.compile("^Nội dung")).fill(f"Mở đầu\n\n{corpus}\n\nKết thúc")
    expect(page.locator("#article-preview")).to_contain_text("Mở đầu")
    page.get_by_role("button", name="Đăng bài").click()
    expect(page.get_by_role("status").filter(has_text="Đã đăng bài viết.")).to_be_visible()
    page.get_by_role("link", name="Xem trên trang").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bài kiểm tra an toàn")
    page.wait_for_load_state("load")
    found = page.evaluate("""() => {
      const body = document.querySelector('.article__body');
      const risky = [...body.querySelectorAll('*')].flatMap(el => [...el.attributes]
        .filter(a => a.name.startsWith('on') || a.name === 'style' ||
                     /^\\s*(javascript|data|vbscript):/i.test(a.value))
        .map(a => el.tagName + '[' + a.name + ']'));
      const risky_tags = 'script,style,svg,math,iframe,object,embed,form,base,meta,link';
      const tags = [...body.querySelectorAll(risky_tags)].map(el => el.tagName);
      return {flag: window.__xss === 1, risky, tags,
              scripts: [...document.scripts].filter(s => s.type !== 'application/ld+json')
                .map(s => s.src.replace(location.origin, ''))};
    }""")
    assert found["flag"] is False
    assert found["risky"] == [] and found["tags"] == []
    assert all(src.startswith("/static/") for src in found["scripts"])
    assert dialogs == []
    # No CSP report either: nothing even tried to run.
    assert [problem for problem in page_problems.all if "Content Security Policy" in problem] == []


def test_typing_in_the_editor_for_longer_than_the_idle_limit_keeps_the_session(
    live_server, page, page_problems
):
    server = live_server(
        DANVAN_IDLE_TIMEOUT="8",
        DANVAN_IDLE_WARNING="5",
        DANVAN_SESSION_POLL="1",
        DANVAN_ACTIVITY_INTERVAL="1",
    )
    create_staff(server)
    sign_in(page, server)
    page.goto(server.url + "/quan-tri/bai-viet/moi")
    page.get_by_label("Tiêu đề", exact=True).fill("Bài viết dài")
    body = page.get_by_label(re.compile("^Nội dung"))
    body.click()
    dialog = page.get_by_role("dialog", name="Bạn đã không sử dụng Site")
    for second in range(12):  # twelve seconds of typing: longer than the 8-second idle limit
        page.keyboard.type(f"Câu {second}. ")
        page.wait_for_timeout(1000)
        assert not dialog.is_visible()
    expect(page).to_have_url(server.url + "/quan-tri/bai-viet/moi")
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.get_by_role("status").filter(has_text="Đã lưu bản nháp.")).to_be_visible()
    expect(page.get_by_label(re.compile("^Nội dung"))).to_have_value(re.compile("Câu 11"))
    assert page_problems.all == []


STAFF_PATHS = [
    "/quan-tri/",
    "/quan-tri/bai-viet/moi",
    "/quan-tri/bai-viet/1",
    "/quan-tri/bai-viet/1/phan-hoi",
    "/quan-tri/anh/",
    "/quan-tri/cot-phai/",
    "/quan-tri/bieu-ngu/moi",
    "/quan-tri/bieu-ngu/1",
    "/quan-tri/lien-ket/moi",
    "/quan-tri/thong-ke/",
    "/quan-tri/tai-khoan/",
    "/quan-tri/nhat-ky/",
    "/quan-tri/trang/",
    "/quan-tri/trang/moi",
    "/quan-tri/trang/1",
    "/quan-tri/trang/1/xoa",
    "/quan-tri/lien-he/",
]


def test_axe_finds_no_violation_on_the_staff_pages(live_server, page, page_problems):
    from axe_playwright_python.sync_playwright import Axe

    server = live_server()
    create_staff(server, "quantri", role="admin")
    sign_in(page, server, "quantri")
    axe = Axe()
    reports = {}
    for path in STAFF_PATHS:
        page.goto(server.url + path)
        results = axe.run(page)
        if results.violations_count:
            reports[path] = results.generate_report()
    # A form with errors, too: messages tied to their fields.
    page.goto(server.url + "/quan-tri/bai-viet/moi")
    # forms.js stops an empty form in the browser; send it as a browser without the script does.
    page.locator("form.editor").evaluate("form => form.submit()")
    expect(page.get_by_role("alert")).to_contain_text("Bài viết chưa được lưu")
    results = axe.run(page)
    if results.violations_count:
        reports["editor with errors"] = results.generate_report()
    assert reports == {}, "\n\n".join(f"{path}:\n{report}" for path, report in reports.items())
    # The browser logs the refused form's 422; nothing else went wrong.
    assert [problem for problem in page_problems.all if "422" not in problem] == []


def test_reordering_links_with_htmx_swaps_the_list_in_place(live_server, page, page_problems):
    server = live_server()
    create_staff(server)
    sign_in(page, server)
    page.goto(server.url + "/quan-tri/cot-phai/")
    rows = page.locator("#links-title ~ div tbody tr th")
    first, second = rows.nth(0).inner_text(), rows.nth(1).inner_text()
    page.get_by_role("button", name=f"Chuyển lên: {second}").click()
    expect(page.locator(".sidebar-lists__message")).to_contain_text(f"Đã chuyển “{second}”")
    expect(rows.nth(0)).to_have_text(second)
    expect(rows.nth(1)).to_have_text(first)
    assert page.url == server.url + "/quan-tri/cot-phai/"
    page.goto(server.url + "/")
    links = page.locator(".links__list a")
    expect(links.nth(0)).to_have_text(second)
    assert page_problems.all == []
