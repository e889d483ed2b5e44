"""The staff's page screen: write a page and its English version, place it in the menu, order,
delete; who may; bad input changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from danvan.extensions import db
from danvan.pages.models import Page
from tests.support.html_checks import audit
from tests.support.pages import page_id
from tests.support.publishing import audit_actions, count
from tests.support.staff import staff_csrf

GETS = ["/quan-tri/trang/", "/quan-tri/trang/moi", "/quan-tri/trang/1", "/quan-tri/trang/1/xoa"]
POSTS = [
    "/quan-tri/trang/moi",
    "/quan-tri/trang/1",
    "/quan-tri/trang/1/di-chuyen",
    "/quan-tri/trang/1/menu",
    "/quan-tri/trang/1/xoa",
]


def page_form(token: str, **overrides) -> dict[str, str]:
    data = {
        "csrf_token": token,
        "title": "Lịch tiếp dân",
        "slug": "",
        "summary": "Lịch tiếp công dân của Ban.",
        "body": "## Thứ Năm hằng tuần\n\nTại **trụ sở** Ban.",
        "kind": "page",
        "parent_id": "",
        "in_menu": "y",
        "published": "y",
        "title_en": "",
        "slug_en": "",
        "body_en": "",
        "action": "save",
    }
    data.update(overrides)
    return data


def stored(app, slug: str) -> Page | None:
    with app.app_context():
        page = db.session.scalar(select(Page).where(Page.slug == slug))
        if page is not None:
            db.session.expunge(page)
        return page


@pytest.mark.parametrize("path", GETS)
def test_signed_out_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 303 and response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("path", POSTS)
def test_signed_out_posts_change_nothing(app, client, path):
    before = count(app, Page)
    response = client.post(path, data=page_form("", direction="up", in_menu="0"))
    assert response.status_code in (303, 400)
    assert count(app, Page) == before and audit_actions(app) == []
    assert stored(app, "gioi-thieu").in_menu is True


@pytest.mark.parametrize("path", GETS)
@pytest.mark.parametrize("who", ["editor", "admin"])
def test_editors_and_admins_both_write_pages(request, path, who):
    # Pages are content, like articles: every staff role writes them (there is no role below
    # editor, so no signed-in role is refused here).
    response = request.getfixturevalue(who).get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = audit(response.text)
    assert page.inline_scripts == [] and page.inline_styles == []


def test_a_new_page_with_its_english_version_appears_in_the_menu(app, editor):
    client = app.test_client()
    data = page_form(
        staff_csrf(editor),
        parent_id=str(page_id(app, "gioi-thieu")),
        title_en="Citizen reception",
        body_en="Every **Thursday**.",
    )
    response = editor.post("/quan-tri/trang/moi", data=data)
    assert response.status_code == 303
    page = stored(app, "lich-tiep-dan")
    assert response.headers["Location"] == f"/quan-tri/trang/{page.id}"
    assert page.slug_en == "citizen-reception" and page.parent_id == page_id(app, "gioi-thieu")
    assert "<strong>trụ sở</strong>" in page.body_html and "<h2>" in page.body_html
    assert page.body_html_en == "<p>Every <strong>Thursday</strong>.</p>\n"
    # This process shows it at once: the menu, the page, the English page.
    assert 'href="/gioi-thieu/lich-tiep-dan"' in client.get("/").text
    assert client.get("/gioi-thieu/lich-tiep-dan").status_code == 200
    english = client.get("/en/citizen-reception")
    assert english.status_code == 200 and "Every <strong>Thursday</strong>." in english.text
    assert audit_actions(app)[-1] == "page.create"
    assert "Đã thêm trang." in editor.get(response.headers["Location"]).text


def test_editing_a_page_saves_it_and_preview_saves_nothing(app, admin):
    about = page_id(app, "gioi-thieu")
    token = staff_csrf(admin)
    preview = admin.post(
        f"/quan-tri/trang/{about}",
        data=page_form(token, title="Giới thiệu chung", slug="gioi-thieu", action="preview"),
    )
    assert preview.status_code == 200 and "Thứ Năm hằng tuần" in preview.text
    assert stored(app, "gioi-thieu").title == "Giới thiệu"
    saved = admin.post(
        f"/quan-tri/trang/{about}",
        data=page_form(token, title="Giới thiệu chung", slug="gioi-thieu"),
    )
    assert saved.status_code == 303
    assert stored(app, "gioi-thieu").title == "Giới thiệu chung"
    assert "Giới thiệu chung" in app.test_client().get("/").text
    assert audit_actions(app)[-1] == "page.update"


def test_bad_page_input_gets_vietnamese_messages_and_changes_nothing(app, editor):
    token = staff_csrf(editor)
    about = page_id(app, "gioi-thieu")
    structure = page_id(app, "co-cau-to-chuc")
    cases = [
        (page_form(token, title=""), "Vui lòng nhập tiêu đề."),
        (page_form(token, slug="gioi-thieu"), "Đường dẫn này đã được dùng"),
        (page_form(token, title_en="Organisation"), "Đường dẫn tiếng Anh này đã được dùng"),
        (page_form(token, body_en="Text only"), "Vui lòng nhập tiêu đề tiếng Anh"),
        (page_form(token, kind="gallery"), "Lựa chọn không hợp lệ"),
        (page_form(token, parent_id=str(structure)), "Lựa chọn không hợp lệ"),  # not top-level
        (page_form(token, parent_id="999"), "Lựa chọn không hợp lệ"),
        (page_form(token, title="x" * 501), "Tiêu đề dài tối đa 500 ký tự."),
        (page_form(token, body="x" * 200_001), "Nội dung dài tối đa 200.000 ký tự."),
        (page_form(token, title="Tab\x07"), ""),
    ]
    before = count(app, Page)
    for data, message in cases:
        response = editor.post("/quan-tri/trang/moi", data=data)
        assert response.status_code in (400, 422), data
        assert message in response.text and "Not a valid" not in response.text
    # A page with subpages cannot go under another one.
    response = editor.post(
        f"/quan-tri/trang/{about}",
        data=page_form(
            token, title="Giới thiệu", slug="gioi-thieu", parent_id=str(page_id(app, "lien-he"))
        ),
    )
    assert response.status_code == 422 and "phải ở cấp cao nhất" in response.text
    assert editor.post("/quan-tri/trang/moi", data=page_form(token, action="x")).status_code == 400
    assert count(app, Page) == before and audit_actions(app) == []


def test_pages_move_among_their_siblings_and_leave_the_menu(app, editor):
    token = staff_csrf(editor)
    functions = page_id(app, "chuc-nang-nhiem-vu")
    response = editor.post(
        f"/quan-tri/trang/{functions}/di-chuyen", data={"csrf_token": token, "direction": "up"}
    )
    assert response.status_code == 303
    home = app.test_client().get("/").text
    assert home.index("Chức năng – nhiệm vụ") < home.index("Cơ cấu tổ chức")
    refused = editor.post(
        f"/quan-tri/trang/{functions}/di-chuyen",
        data={"csrf_token": token, "direction": "sideways"},
    )
    assert refused.status_code == 400 and "Hướng di chuyển không hợp lệ." in refused.text
    hidden = editor.post(
        f"/quan-tri/trang/{functions}/menu", data={"csrf_token": token, "in_menu": "0"}
    )
    assert hidden.status_code == 303
    assert 'href="/gioi-thieu/chuc-nang-nhiem-vu"' not in app.test_client().get("/").text
    assert (
        editor.post(
            f"/quan-tri/trang/{functions}/menu", data={"csrf_token": token, "in_menu": "x"}
        ).status_code
        == 400
    )
    assert audit_actions(app) == ["page.move", "page.menu_hide"]


def test_deleting_a_page_asks_first_and_keeps_its_subpages(app, editor):
    about = page_id(app, "gioi-thieu")
    confirm = editor.get(f"/quan-tri/trang/{about}/xoa")
    assert confirm.status_code == 200
    assert "Cơ cấu tổ chức, Chức năng – nhiệm vụ" in confirm.text
    assert stored(app, "gioi-thieu") is not None  # asking deletes nothing
    response = editor.post(f"/quan-tri/trang/{about}/xoa", data={"csrf_token": staff_csrf(editor)})
    assert response.status_code == 303
    assert stored(app, "gioi-thieu") is None
    assert stored(app, "co-cau-to-chuc").parent_id is None
    assert app.test_client().get("/gioi-thieu/gioi-thieu").status_code == 404
    assert audit_actions(app) == ["page.delete"]
    assert editor.get("/quan-tri/trang/999").status_code == 404


def test_the_audit_log_names_pages_in_vietnamese(app, admin):
    about = page_id(app, "gioi-thieu")
    admin.post(
        f"/quan-tri/trang/{about}/menu", data={"csrf_token": staff_csrf(admin), "in_menu": "0"}
    )
    log = admin.get("/quan-tri/nhat-ky/").text
    assert "Bỏ trang khỏi menu" in log
    assert f'<a href="/quan-tri/trang/{about}">Trang số {about}</a>' in log
