"""The staff area: staff accounts and the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from danvan.extensions import db
from danvan.staff.models import StaffSession, User
from tests.support.publishing import (
    article_data,
    audit_actions,
    count,
)
from tests.support.staff import PASSWORD, make_user, sign_in, staff_csrf


def test_an_admin_creates_an_account_that_can_sign_in(app, admin):
    token = staff_csrf(admin)
    response = admin.post(
        "/quan-tri/tai-khoan/",
        data={
            "csrf_token": token,
            "username": "hoa",
            "role": "editor",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    )
    assert response.status_code == 303
    assert sign_in(app.test_client(), "hoa").status_code == 303
    assert audit_actions(app) == ["user.create"]


@pytest.mark.parametrize(
    "data,message",
    [
        ({"username": ""}, "Vui lòng nhập tên đăng nhập."),
        ({"username": "quantri"}, "Tên đăng nhập này đã có người dùng."),
        ({"username": "có dấu cách"}, "Tên đăng nhập chỉ gồm"),
        ({"password": "ngan", "password_again": "ngan"}, "Mật khẩu cần ít nhất 10 ký tự."),
        ({"password_again": "khac-hoan-toan-123"}, "Hai lần nhập mật khẩu không khớp nhau."),
        ({"role": "superuser"}, "Quyền không hợp lệ."),
    ],
)
def test_invalid_accounts_are_refused(app, admin, data, message):
    form = {
        "csrf_token": staff_csrf(admin),
        "username": "hoa",
        "role": "editor",
        "password": PASSWORD,
        "password_again": PASSWORD,
        **data,
    }
    response = admin.post("/quan-tri/tai-khoan/", data=form)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(app, User) == 1


def test_disabling_an_account_ends_its_sessions(app, admin):
    editor_id = make_user(app, "lan")
    editor = app.test_client()
    sign_in(editor, "lan")
    assert editor.get("/quan-tri/").status_code == 200
    response = admin.post(
        f"/quan-tri/tai-khoan/{editor_id}/trang-thai",
        data={"csrf_token": staff_csrf(admin), "active": "0"},
    )
    assert response.status_code == 303
    assert "1 phiên đăng nhập đã kết thúc" in admin.get("/quan-tri/tai-khoan/").get_data(
        as_text=True
    )
    ended = editor.get("/quan-tri/")
    assert ended.status_code == 303 and "reason=" in ended.headers["Location"]
    assert sign_in(app.test_client(), "lan").status_code == 401
    assert (
        count(app, StaffSession, StaffSession.user_id == editor_id, StaffSession.revoked.is_(False))
        == 0
    )
    admin.post(
        f"/quan-tri/tai-khoan/{editor_id}/trang-thai",
        data={"csrf_token": staff_csrf(admin), "active": "1"},
    )
    assert sign_in(app.test_client(), "lan").status_code == 303
    assert audit_actions(app) == ["user.disable", "user.enable"]


def test_an_admin_cannot_disable_themself(app, admin):
    with app.app_context():
        admin_id = db.session.scalar(select(User.id).where(User.username == "quantri"))
    response = admin.post(
        f"/quan-tri/tai-khoan/{admin_id}/trang-thai",
        data={"csrf_token": staff_csrf(admin), "active": "0"},
    )
    assert response.status_code == 400
    assert "không thể tự khoá" in response.get_data(as_text=True)
    assert admin.get("/quan-tri/").status_code == 200


def test_resetting_a_password(app, admin):
    editor_id = make_user(app, "lan")
    editor = app.test_client()
    sign_in(editor, "lan")
    token = staff_csrf(admin)
    bad = admin.post(
        f"/quan-tri/tai-khoan/{editor_id}/mat-khau",
        data={
            "csrf_token": token,
            f"u{editor_id}-password": "ngan",
            f"u{editor_id}-password_again": "ngan",
        },
    )
    assert bad.status_code == 422 and "Mật khẩu cần ít nhất 10 ký tự." in bad.get_data(as_text=True)
    new = "mat-khau-moi-hoan-toan"
    response = admin.post(
        f"/quan-tri/tai-khoan/{editor_id}/mat-khau",
        data={
            "csrf_token": token,
            f"u{editor_id}-password": new,
            f"u{editor_id}-password_again": new,
        },
    )
    assert response.status_code == 303
    assert editor.get("/quan-tri/").status_code == 303  # signed out everywhere
    assert sign_in(app.test_client(), "lan").status_code == 401
    assert sign_in(app.test_client(), "lan", password=new).status_code == 303
    assert audit_actions(app) == ["user.password"]


def test_the_audit_log_lists_changes_for_admins(app, admin, editor):
    editor.post("/quan-tri/bai-viet/moi", data=article_data(staff_csrf(editor), title="Bài A"))
    body = admin.get("/quan-tri/nhat-ky/").get_data(as_text=True)
    assert "Tạo bài viết" in body and "Bài A" in body and '<th scope="row">lan</th>' in body
    assert admin.get("/quan-tri/nhat-ky/?page=99").status_code == 200


def test_the_audit_log_names_objects_in_vietnamese_and_links_them(app, admin):
    import re

    from danvan.content.models import Article

    token = staff_csrf(admin)
    admin.post("/quan-tri/bai-viet/moi", data=article_data(token, title="Bài B"))
    admin.post("/quan-tri/chuyen-muc/", data={"csrf_token": token, "name": "Văn hoá"})
    with app.app_context():
        from sqlalchemy import func

        article_id = db.session.scalar(select(func.max(Article.id)))
    body = admin.get("/quan-tri/nhat-ky/").text
    cells = re.findall(r"<td>(<a href=\"[^\"]+\">[^<]+</a>|[^<]*)</td>", body)
    assert f'<a href="/quan-tri/bai-viet/{article_id}">Bài viết số {article_id}</a>' in cells
    assert any(
        re.fullmatch(r'<a href="/quan-tri/chuyen-muc/\d+">Chuyên mục số \d+</a>', c) for c in cells
    )
    assert "article " not in body and "category " not in body


def test_changing_your_own_password_ends_your_other_sessions_only(app, admin):
    # The same admin also signed in on a second device (a phone left somewhere, say).
    phone = app.test_client()
    assert sign_in(phone, "quantri").status_code == 303
    with app.app_context():
        admin_id = db.session.scalar(select(User.id).where(User.username == "quantri"))
    new = "mat-khau-moi-cua-quan-tri"
    response = admin.post(
        f"/quan-tri/tai-khoan/{admin_id}/mat-khau",
        data={
            "csrf_token": staff_csrf(admin),
            f"u{admin_id}-password": new,
            f"u{admin_id}-password_again": new,
        },
    )
    assert response.status_code == 303
    page = admin.get("/quan-tri/tai-khoan/")
    assert page.status_code == 200  # the session that changed it stays
    assert "1 phiên đăng nhập đã kết thúc" in page.get_data(as_text=True)
    assert phone.get("/quan-tri/").status_code == 303  # every other one is over
