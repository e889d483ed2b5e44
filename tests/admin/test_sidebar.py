"""The staff area: banners and links: add, edit, reorder, switch on and off."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from danvan.content.models import Banner, Link
from danvan.extensions import db
from tests.support.publishing import (
    audit_actions,
    count,
    png_bytes,
)
from tests.support.staff import staff_csrf


def banner_form(token, **overrides):
    data = {
        "csrf_token": token,
        "title": "Học tập và làm theo Bác",
        "link_url": "",
        "position": "sidebar-top",
        "image": (io.BytesIO(png_bytes((600, 200))), "b.png"),
    }
    data.update(overrides)
    return data


def test_a_banner_with_an_uploaded_image_appears_in_the_sidebar(app, editor):
    response = editor.post(
        "/quan-tri/bieu-ngu/moi",
        content_type="multipart/form-data",
        data=banner_form(staff_csrf(editor), link_url="https://example.org/"),
    )
    assert response.status_code == 303
    with app.app_context():
        banner = db.session.scalar(select(Banner).order_by(Banner.id.desc()))
        assert banner.image.startswith("uploads/") and banner.image.endswith(".webp")
        assert (banner.width, banner.height) == (600, 200)
    home = editor.get("/").get_data(as_text=True)
    assert f'src="/{banner.image}"' in home and 'alt="Học tập và làm theo Bác"' in home
    assert 'src="data:image/svg+xml;base64,' in home  # the seed banners: small SVGs, inline
    assert audit_actions(app)[-1] == "banner.create"


@pytest.mark.parametrize(
    "overrides,message,status",
    [
        ({"title": ""}, "Vui lòng nhập mô tả ảnh.", 422),
        ({"link_url": "javascript:alert(1)"}, "Địa chỉ phải bắt đầu bằng http://", 422),
        ({"position": "header"}, "Vị trí không hợp lệ.", 422),
        ({"image": (io.BytesIO(b""), "")}, "Vui lòng chọn tệp ảnh cho biểu ngữ.", 422),
        ({"image": (io.BytesIO(b"<html>"), "b.png")}, "không phải là ảnh", 400),
    ],
)
def test_invalid_banners_are_refused(app, editor, overrides, message, status):
    before = count(app, Banner)
    response = editor.post(
        "/quan-tri/bieu-ngu/moi",
        content_type="multipart/form-data",
        data=banner_form(staff_csrf(editor), **overrides),
    )
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert count(app, Banner) == before


def test_editing_a_banner_keeps_its_image_without_a_new_file(app, editor):
    with app.app_context():
        banner_id, image = db.session.execute(select(Banner.id, Banner.image)).first()
    response = editor.post(
        f"/quan-tri/bieu-ngu/{banner_id}",
        content_type="multipart/form-data",
        data=banner_form(
            staff_csrf(editor), title="Biển đảo quê hương", image=(io.BytesIO(b""), "")
        ),
    )
    assert response.status_code == 303
    with app.app_context():
        banner = db.session.get(Banner, banner_id)
        assert (banner.title, banner.image) == ("Biển đảo quê hương", image)
    assert "Biển đảo quê hương" in editor.get("/").get_data(as_text=True)


def ordered_titles(app, model, **where):
    with app.app_context():
        query = select(model.title).order_by(model.sort_order, model.id)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return list(db.session.scalars(query))


def test_moving_links_up_and_down(app, editor):
    token = staff_csrf(editor)
    titles = ordered_titles(app, Link)
    assert len(titles) >= 2
    with app.app_context():
        second = db.session.scalar(select(Link).where(Link.title == titles[1]))
    response = editor.post(
        f"/quan-tri/lien-ket/{second.id}/di-chuyen", data={"csrf_token": token, "direction": "up"}
    )
    assert response.status_code == 303
    assert ordered_titles(app, Link)[:2] == [titles[1], titles[0]]
    sidebar = editor.get("/").get_data(as_text=True)
    assert sidebar.index(titles[1]) < sidebar.index(titles[0])
    # At the top already: nothing moves, and the answer says so.
    response = editor.post(
        f"/quan-tri/lien-ket/{second.id}/di-chuyen",
        headers={"HX-Request": "true"},
        data={"csrf_token": token, "direction": "up"},
    )
    assert response.status_code == 200 and "đã ở vị trí đầu" in response.get_data(as_text=True)
    assert 'id="sidebar-lists"' in response.get_data(as_text=True)
    assert ordered_titles(app, Link)[:2] == [titles[1], titles[0]]
    assert audit_actions(app) == ["link.move"]


def test_moving_banners_stays_within_their_position(app, editor):
    top = ordered_titles(app, Banner, position="sidebar-top")
    with app.app_context():
        first = db.session.scalar(select(Banner).where(Banner.title == top[0]))
    editor.post(
        f"/quan-tri/bieu-ngu/{first.id}/di-chuyen",
        data={"csrf_token": staff_csrf(editor), "direction": "down"},
    )
    moved = ordered_titles(app, Banner, position="sidebar-top")
    assert sorted(moved) == sorted(top)
    if len(top) > 1:
        assert moved[1] == top[0]


def test_a_bad_direction_is_refused(app, editor):
    before = ordered_titles(app, Link)
    response = editor.post(
        "/quan-tri/lien-ket/1/di-chuyen",
        data={"csrf_token": staff_csrf(editor), "direction": "sideways"},
    )
    assert response.status_code == 400
    assert "Hướng di chuyển không hợp lệ." in response.get_data(as_text=True)
    assert ordered_titles(app, Link) == before


def test_disabling_and_enabling_a_link(app, editor):
    token = staff_csrf(editor)
    with app.app_context():
        link = db.session.scalar(select(Link).order_by(Link.id))
    assert link.title in editor.get("/").get_data(as_text=True)
    editor.post(f"/quan-tri/lien-ket/{link.id}/bat-tat", data={"csrf_token": token, "enabled": "0"})
    assert link.title not in editor.get("/").get_data(as_text=True)
    editor.post(f"/quan-tri/lien-ket/{link.id}/bat-tat", data={"csrf_token": token, "enabled": "1"})
    assert link.title in editor.get("/").get_data(as_text=True)
    bad = editor.post(
        f"/quan-tri/lien-ket/{link.id}/bat-tat", data={"csrf_token": token, "enabled": "maybe"}
    )
    assert bad.status_code == 400
    assert audit_actions(app) == ["link.disable", "link.enable"]


def test_adding_and_editing_links(app, editor):
    token = staff_csrf(editor)
    response = editor.post(
        "/quan-tri/lien-ket/moi",
        data={"csrf_token": token, "title": "Báo Nhân Dân", "url": "https://nhandan.vn/"},
    )
    assert response.status_code == 303
    assert ordered_titles(app, Link)[-1] == "Báo Nhân Dân"
    with app.app_context():
        link_id = db.session.scalar(select(Link.id).where(Link.title == "Báo Nhân Dân"))
    editor.post(
        f"/quan-tri/lien-ket/{link_id}",
        data={"csrf_token": token, "title": "Báo Nhân Dân điện tử", "url": "/tin-tuc/1"},
    )
    assert "Báo Nhân Dân điện tử" in editor.get("/").get_data(as_text=True)
    for data, message in [
        ({"title": "", "url": "https://a.vn"}, "Vui lòng nhập tên trang."),
        ({"title": "x", "url": ""}, "Vui lòng nhập địa chỉ."),
        ({"title": "x", "url": "data:text/html,x"}, "Địa chỉ phải bắt đầu"),
    ]:
        response = editor.post("/quan-tri/lien-ket/moi", data={"csrf_token": token, **data})
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert audit_actions(app) == ["link.create", "link.update"]
