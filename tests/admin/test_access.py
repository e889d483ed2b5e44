"""The staff area: who may reach which staff page, and what each page may contain."""

from __future__ import annotations

import pytest

from danvan.content.models import Article, Banner, Link
from danvan.extensions import db
from danvan.staff.models import User
from tests.support.html_checks import audit
from tests.support.publishing import (
    audit_actions,
    count,
)
from tests.support.staff import make_user, staff_csrf

STAFF_PAGES = [
    "/quan-tri/",
    "/quan-tri/bai-viet/moi",
    "/quan-tri/bai-viet/1",
    "/quan-tri/bai-viet/1/phan-hoi",
    "/quan-tri/bai-viet/1/danh-gia.csv",
    "/quan-tri/anh/",
    "/quan-tri/cot-phai/",
    "/quan-tri/bieu-ngu/moi",
    "/quan-tri/bieu-ngu/1",
    "/quan-tri/lien-ket/moi",
    "/quan-tri/lien-ket/1",
    "/quan-tri/thong-ke/",
    "/quan-tri/thong-ke.csv",
    "/quan-tri/phan-hoi/",
]
ADMIN_PAGES = ["/quan-tri/tai-khoan/", "/quan-tri/nhat-ky/", "/quan-tri/thong-tin/"]
POSTS = [
    "/quan-tri/bai-viet/moi",
    "/quan-tri/bai-viet/1",
    "/quan-tri/bai-viet/xem-truoc",
    "/quan-tri/bai-viet/1/danh-gia/xoa",
    "/quan-tri/anh/",
    "/quan-tri/bieu-ngu/moi",
    "/quan-tri/bieu-ngu/1",
    "/quan-tri/lien-ket/moi",
    "/quan-tri/lien-ket/1",
    "/quan-tri/bieu-ngu/1/di-chuyen",
    "/quan-tri/lien-ket/1/bat-tat",
    "/quan-tri/tai-khoan/",
    "/quan-tri/tai-khoan/1/trang-thai",
    "/quan-tri/tai-khoan/1/mat-khau",
    "/quan-tri/thong-tin/",
    "/quan-tri/phan-hoi/thao-tac",
]


@pytest.mark.parametrize("path", STAFF_PAGES + ADMIN_PAGES)
def test_signed_out_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("path", POSTS)
def test_signed_out_posts_change_nothing(app, client, path):
    before = count(app, Article), count(app, Banner), count(app, Link), count(app, User)
    response = client.post(path, data={"title": "x", "action": "publish", "direction": "up"})
    assert response.status_code in (303, 400)  # the CSRF check or the sign-in redirect
    assert (count(app, Article), count(app, Banner), count(app, Link), count(app, User)) == before
    assert audit_actions(app) == []


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_editors_reach_every_content_page_without_inline_code(editor, path):
    response = editor.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    if response.mimetype == "text/html":
        page = audit(response.get_data(as_text=True))
        assert page.inline_scripts == [] and page.inline_styles == []
        assert 'id="session-prompt"' in response.get_data(as_text=True)  # the idle prompt


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_editors_cannot_open_admin_pages(editor, path):
    response = editor.get(path)
    assert response.status_code == 403
    assert "Chỉ quản trị viên mới được làm việc này." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path,data",
    [
        (
            "/quan-tri/tai-khoan/",
            {"username": "moi", "role": "admin", "password": "x" * 12, "password_again": "x" * 12},
        ),
        ("/quan-tri/tai-khoan/{admin}/trang-thai", {"active": "0"}),
        (
            "/quan-tri/tai-khoan/{admin}/mat-khau",
            {"u{admin}-password": "y" * 12, "u{admin}-password_again": "y" * 12},
        ),
    ],
)
def test_editors_cannot_manage_accounts(app, editor, path, data):
    admin_id = make_user(app, "quantri", role="admin")
    token = staff_csrf(editor)
    data = {key.format(admin=admin_id): value for key, value in data.items()}
    response = editor.post(path.format(admin=admin_id), data={"csrf_token": token, **data})
    assert response.status_code == 403
    assert count(app, User) == 2
    with app.app_context():
        assert db.session.get(User, admin_id).active
    assert audit_actions(app) == []


def test_admin_nav_shows_admin_pages_only_to_admins(editor, admin):
    assert "/quan-tri/tai-khoan/" not in editor.get("/quan-tri/").get_data(as_text=True)
    page = admin.get("/quan-tri/").get_data(as_text=True)
    assert "/quan-tri/tai-khoan/" in page and "/quan-tri/nhat-ky/" in page
