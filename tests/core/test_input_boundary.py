"""Hostile input at the boundaries: shell markers in content, control characters in forms,
ids and page numbers out of range (issue 12, items 1-3)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from danvan.content.models import Article, Link
from danvan.extensions import db
from danvan.staff.models import User
from tests.support.publishing import article_data, sample_article_id
from tests.support.staff import csrf_from, staff_csrf

MARKED = "Ban Dân vận \x1ezzz\x1e Trung ương \x1ecsrf\x1e"
CONTROL_MESSAGE = "ký tự điều khiển"


def first_link_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Link.id).order_by(Link.id))


def link_titles(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Link.title).order_by(Link.id)))


def test_content_holding_the_hole_marker_cannot_break_the_shells(app, client):
    """Data that reached the database by any route still renders: no 500, no stray marker."""
    article_id = sample_article_id(app)
    with app.app_context():
        db.session.get(Link, first_link_id(app)).title = MARKED
        article = db.session.get(Article, article_id)
        article.title = article.summary = MARKED
        article.body_html = f"<p>{MARKED}</p>"
        db.session.commit()
    for path in ("/", f"/tin-tuc/{article_id}"):
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        assert "\x1e" not in html and "Trung ương" in html
    # The article's real holes are still filled.
    assert re.search(r'class="article__views-count">\d+<', html)
    assert "Tổng số điểm của bài viết là" in html


def test_a_link_title_with_a_control_character_is_refused_and_changes_nothing(app, editor):
    before = link_titles(app)
    response = editor.post(
        f"/quan-tri/lien-ket/{first_link_id(app)}",
        data={"csrf_token": staff_csrf(editor), "title": MARKED, "url": "/"},
    )
    assert response.status_code == 400
    assert CONTROL_MESSAGE in response.get_data(as_text=True)
    assert link_titles(app) == before
    assert editor.get("/").status_code == 200


@pytest.mark.parametrize("field", ["title", "summary", "body", "source"])
def test_nul_in_an_article_is_refused_and_changes_nothing(app, editor, field):
    with app.app_context():
        before = db.session.scalar(select(db.func.count()).select_from(Article))
    data = article_data(staff_csrf(editor), **{field: "Đoạn\x00một"})
    response = editor.post("/quan-tri/bai-viet/moi", data=data)
    assert response.status_code == 400
    assert CONTROL_MESSAGE in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Article)) == before


def test_tabs_and_line_breaks_stay_allowed_in_an_article_body(app, editor):
    body = "Đoạn\tmột.\r\n\r\nĐoạn hai."
    response = editor.post(
        "/quan-tri/bai-viet/moi", data=article_data(staff_csrf(editor), body=body)
    )
    assert response.status_code == 303
    with app.app_context():
        article = db.session.scalar(select(Article).order_by(Article.id.desc()))
        assert "\t" in article.body_source


def test_nul_in_a_sign_in_name_is_a_vietnamese_400(app, client):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"csrf_token": token, "username": "admin1\x00", "password": "x"}
    )
    assert response.status_code == 400
    assert CONTROL_MESSAGE in response.get_data(as_text=True)


def test_nul_in_an_upload_file_name_is_refused(app, editor):
    from io import BytesIO

    response = editor.post(
        "/quan-tri/anh/",
        data={"csrf_token": staff_csrf(editor), "image": (BytesIO(b"GIF89a"), "a\x00.gif")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert CONTROL_MESSAGE in response.get_data(as_text=True)


def test_nul_in_an_account_name_is_refused(app, admin):
    response = admin.post(
        "/quan-tri/tai-khoan/",
        data={
            "csrf_token": staff_csrf(admin),
            "username": "lan\x00",
            "password": "mat-khau-du-dai-2026",
            "confirm": "mat-khau-du-dai-2026",
            "role": "editor",
        },
    )
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(User).where(User.username.like("lan%"))) is None


OUT_OF_RANGE = ["9223372036854775808", "2147483648", "0", "99999999999999999999999"]


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_out_of_range_ids_are_404(app, admin, value):
    anonymous = app.test_client()
    for path in (f"/tin-tuc/{value}", f"/tin-tuc/bai-{value}", f"/api/articles/{value}/rating"):
        assert anonymous.get(path).status_code == 404, path
    token = csrf_from(anonymous.get("/login").get_data(as_text=True))
    for path in (f"/tin-tuc/{value}/danh-gia", f"/tin-tuc/{value}/danh-gia/rut-lai"):
        response = anonymous.post(path, data={"csrf_token": token, "stars": "5"})
        assert response.status_code == 404, path
    for path in ("bai-viet", "bieu-ngu", "lien-ket", "bai-viet/{}/phan-hoi"):
        path = f"/quan-tri/{path}".format(value) if "{}" in path else f"/quan-tri/{path}/{value}"
        assert admin.get(path).status_code == 404, path


@pytest.mark.parametrize("page", ["²", "①", "⁵", "٣", "99999999999999999999", "-1"])
def test_odd_page_numbers_are_never_a_server_error(app, admin, page):
    assert app.test_client().get("/", query_string={"page": page}).status_code in (200, 404)
    assert admin.get("/quan-tri/nhat-ky/", query_string={"page": page}).status_code == 200


@pytest.mark.parametrize("value", ["a\x00b", "\x1ezzz\x1e", "x\x7f"])
def test_the_forms_refuse_control_characters_on_their_own(app, value):
    """Behind the request-wide check, each text field says it too (a 422 re-render)."""
    from danvan.admin.sidebar_forms import LinkForm

    with app.test_request_context("/", method="POST", data={"title": value, "url": "/"}):
        form = LinkForm(meta={"csrf": False})
        assert not form.validate()
        assert any(CONTROL_MESSAGE in error for error in form.title.errors)
