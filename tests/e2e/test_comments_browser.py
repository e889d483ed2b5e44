"""Comments in a real browser: sent without JavaScript and with htmx from a page with no
cookie, withdrawn, the XSS corpus approved and shown inert, axe-core clean."""

from __future__ import annotations

import pytest

from danvan import create_app
from danvan.comments import moderation
from danvan.extensions import db
from danvan.staff.models import User
from tests.conftest import make_config
from tests.site.test_pages import ARTICLE_PATH
from tests.support.comments import add_comments
from tests.support.live_clients import create_staff, database_url_of
from tests.support.live_server import BROWSER_UA
from tests.support.xss_corpus import XSS_VECTORS

FORM = "#viet-phan-hoi"
SECTION = "#phan-hoi"


@pytest.fixture
def server(live_server):
    return live_server()


def server_app(server, tmp_path):
    """An app on the live server's database, to approve comments as staff would."""
    return create_app(
        make_config(tmp_path / "staff-side", SQLALCHEMY_DATABASE_URI=database_url_of(server))
    )


def approve_comments(server, tmp_path, count: int = 0, bodies=(), answer: str | None = None):
    create_staff(server, "bientap")
    app = server_app(server, tmp_path)
    with app.app_context():
        ids = add_comments(1, count, name="Trần Văn Nam") if count else []
        for body in bodies:
            ids += add_comments(1, 1, name=body[:100], body=body)
        moderation.approve(ids)
        if answer:
            user = db.session.scalars(db.select(User).where(User.username == "bientap")).one()
            moderation.answer(ids[0], answer, user)
        db.session.remove()
        db.engine.dispose()


def open_and_wait(page, server):
    """Open the article and stay the form's minimum reading time (its beacon starts it)."""
    page.goto(server.url + ARTICLE_PATH)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(3500)


def fill(page, name: str, body: str):
    page.get_by_label("Họ và tên").fill(name)
    page.get_by_label("Ý kiến của bạn").fill(body)


def test_comment_without_javascript_then_withdraw(server, browser):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN", user_agent=BROWSER_UA)
    try:
        page = context.new_page()
        open_and_wait(page, server)
        assert context.cookies() == []  # reading set nothing
        fill(page, "Nguyễn Thị Lan", "Ý kiến gửi không cần JavaScript.")
        with page.expect_navigation():
            page.get_by_role("button", name="Gửi phản hồi").click()
        assert page.url.endswith("/tin-tuc/1/phan-hoi/cua-ban?da-gui=1")
        text = page.inner_text("main")
        assert "Phản hồi của bạn đang chờ duyệt" in text
        assert "Ý kiến gửi không cần JavaScript." in text
        writer = {c["name"]: c for c in context.cookies()}["danvan_writer"]
        assert writer["httpOnly"]
        with page.expect_navigation():
            page.get_by_role("button", name="Rút lại phản hồi này").click()
        assert page.url.endswith("?rut-lai=1")
        assert "Đã rút lại phản hồi của bạn." in page.inner_text("main")
    finally:
        context.close()


def test_a_refused_comment_keeps_the_typed_text_without_javascript(server, browser):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN", user_agent=BROWSER_UA)
    try:
        page = context.new_page()
        open_and_wait(page, server)
        fill(page, "Ban Biên Tập", "Tôi đã gõ rất nhiều chữ ở đây.")
        with page.expect_navigation():
            page.get_by_role("button", name="Gửi phản hồi").click()
        assert "Ban biên tập hoặc cán bộ quản trị" in page.inner_text("main")
        assert page.get_by_label("Ý kiến của bạn").input_value() == "Tôi đã gõ rất nhiều chữ ở đây."
    finally:
        context.close()


def test_comment_with_htmx_swaps_the_form_and_withdraws_in_place(server, page, page_problems):
    from axe_playwright_python.sync_playwright import Axe

    open_and_wait(page, server)
    page.evaluate("() => { window.__noReload = true; }")
    # A refusal first: the message and the typed text in place, axe-clean.
    fill(page, "Admin", "Nội dung đã gõ")
    page.get_by_role("button", name="Gửi phản hồi").click()
    page.locator(FORM).filter(has_text="Ban biên tập hoặc cán bộ quản trị").wait_for()
    assert page.get_by_label("Ý kiến của bạn").input_value() == "Nội dung đã gõ"
    refused = Axe().run(page, context=FORM)
    assert refused.violations_count == 0, refused.generate_report()
    page.get_by_label("Họ và tên").fill("Lê Minh")
    page.get_by_role("button", name="Gửi phản hồi").click()
    page.locator(FORM).filter(has_text="Phản hồi của bạn đang chờ duyệt").wait_for()
    assert page.evaluate("() => window.__noReload === true"), "the page reloaded"
    sent = Axe().run(page, context=FORM)
    assert sent.violations_count == 0, sent.generate_report()
    page.get_by_role("button", name="Rút lại phản hồi này").click()
    page.get_by_text("Đã rút lại phản hồi của bạn.").wait_for()
    # The refusal's 422 is logged by the browser as a failed load; nothing else may be.
    assert [p for p in page_problems.all if "status of 422" not in p] == []


def test_the_xss_corpus_as_approved_comments_is_inert(server, browser, tmp_path):
    approve_comments(server, tmp_path, bodies=XSS_VECTORS)
    context = browser.new_context(locale="vi-VN", user_agent=BROWSER_UA)
    try:
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(server.url + ARTICLE_PATH)
        page.wait_for_load_state("networkidle")
        comments = page.locator(f"{SECTION} .comment")
        assert comments.count() == len(XSS_VECTORS)
        # Hover and focus everything a vector might have hung a handler on.
        for index in range(comments.count()):
            comments.nth(index).hover()
        planted_tags = "script img svg iframe object embed style details form [onerror] [onload]"
        selector = ", ".join(f"#phan-hoi .comment {tag}" for tag in planted_tags.split())
        planted = page.evaluate(
            "s => document.querySelectorAll(s).length", selector + ", #phan-hoi .comment [style]"
        )
        assert planted == 0
        hrefs = page.eval_on_selector_all(
            f"{SECTION} .comment a", "links => links.map(a => a.getAttribute('href'))"
        )
        assert all(href.startswith(("http://", "https://")) for href in hrefs), hrefs
        # The vectors are shown as the text residents typed.
        assert "<script>alert(1)</script>" in page.inner_text(SECTION)
        assert dialogs == [] and problems == []
    finally:
        context.close()


def test_axe_finds_no_violation_on_an_article_with_comments(server, page, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    approve_comments(
        server, tmp_path, count=22, answer="Cảm ơn bạn. Xem https://example.vn/tra-loi."
    )
    page.goto(server.url + ARTICLE_PATH)
    page.wait_for_load_state("networkidle")
    assert page.locator(f"{SECTION} .comment").count() == 20
    assert "Ban biên tập trả lời" in page.inner_text(SECTION)
    assert "Phản hồi: 22" in page.inner_text(".article__meta")
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()
    page.get_by_role("link", name="Trang sau »").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".comment").count() == 2
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()
