"""The identity screen (/quan-tri/thong-tin/): admins set the committee's name, contacts,
responsible person, licence and logo; bad input changes nothing; editors get 403."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from danvan.content.models import SiteSetting
from danvan.extensions import db
from danvan.identity.store import Identity, current_identity
from danvan.media.models import Upload
from tests.support.identity import EXAMPLE_FORM, EXAMPLE_IDENTITY
from tests.support.media import images, photo_bytes, store_upload
from tests.support.publishing import audit_actions, count
from tests.support.staff import staff_csrf

FORM = "/quan-tri/thong-tin/"
VALID = EXAMPLE_FORM


def post_identity(client, **changes):
    data = {"csrf_token": staff_csrf(client), **VALID, **changes}
    return client.post(FORM, data=data, content_type="multipart/form-data")


def identity_of(app) -> Identity:
    with app.app_context():
        return current_identity()


def stored_rows(app) -> int:
    return count(app, SiteSetting, SiteSetting.key.startswith("identity."))


def test_the_form_shows_the_identity_pages_show_now(admin):
    page = admin.get(FORM).get_data(as_text=True)
    assert 'value="Ban Dân vận Tỉnh ủy"' in page  # SITE_NAME, until an admin sets one
    assert '<h1 class="page-title">Thông tin đơn vị</h1>' in page


def test_an_admin_saves_the_identity_and_the_log_says_what_changed(app, admin):
    response = post_identity(admin, name="  Ban Dân vận\n Tỉnh ủy ")
    assert response.status_code == 303 and response.headers["Location"] == FORM
    # One line, single spaces; everything else as typed.
    assert identity_of(app) == EXAMPLE_IDENTITY
    assert identity_of(app).full_name == "Ban Dân vận Tỉnh ủy Tuyên Quang"
    assert "Đã lưu thông tin đơn vị" in admin.get(FORM).get_data(as_text=True)
    assert audit_actions(app) == ["identity.update"]
    log = admin.get("/quan-tri/nhat-ky/").get_data(as_text=True)
    assert "Sửa thông tin đơn vị" in log
    assert f'<a href="{FORM}">Thông tin đơn vị</a>' in log
    assert "Đã sửa: Tỉnh, thành phố, Tên tiếng Anh, Địa chỉ, Điện thoại, Fax" in log


def test_saving_the_same_identity_again_logs_nothing(app, admin):
    post_identity(admin)
    response = post_identity(admin)
    assert response.status_code == 303
    assert "không có gì thay đổi" in admin.get(FORM).get_data(as_text=True)
    assert audit_actions(app) == ["identity.update"]


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"name": "  "}, "Vui lòng nhập tên cơ quan."),
        ({"name": "a" * 201}, "Tên cơ quan: dài tối đa 200 ký tự."),
        ({"province": "a" * 101}, "Tỉnh, thành phố: dài tối đa 100 ký tự."),
        ({"address": "a" * 301}, "Địa chỉ: dài tối đa 300 ký tự."),
        ({"licence": "a" * 301}, "Giấy phép: dài tối đa 300 ký tự."),
        ({"responsible": "a" * 201}, "Chịu trách nhiệm chính: dài tối đa 200 ký tự."),
        ({"email": "bandanvan.tuyenquang.gov.vn"}, "Địa chỉ thư điện tử không hợp lệ"),
        ({"email": "ban dan van@tuyenquang.gov.vn"}, "Địa chỉ thư điện tử không hợp lệ"),
        ({"email": "bandanvan@localhost"}, "Địa chỉ thư điện tử không hợp lệ"),
        ({"phone": "0207-abc"}, "Số điện thoại, số fax chỉ gồm chữ số"),
        ({"fax": "0207;3822"}, "Số điện thoại, số fax chỉ gồm chữ số"),
        ({"phone": "1" * 51}, "Điện thoại: dài tối đa 50 ký tự."),
        ({"image_name": "khong-co.webp"}, "Không tìm thấy ảnh đã chọn"),
    ],
)
def test_invalid_input_is_refused_in_vietnamese_and_changes_nothing(app, admin, changes, message):
    response = post_identity(admin, **changes)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert "Thông tin đơn vị chưa được lưu" in html
    assert stored_rows(app) == 0 and audit_actions(app) == []


def test_a_file_that_is_not_an_image_is_refused_and_stores_nothing(app, admin):
    response = post_identity(admin, image_file=(io.BytesIO(b"not an image"), "logo.png"))
    assert 400 <= response.status_code < 500
    assert "Thông tin đơn vị chưa được lưu" in response.get_data(as_text=True)
    assert stored_rows(app) == 0 and count(app, Upload) == 0


def test_a_request_without_the_csrf_token_changes_nothing(app, admin):
    response = admin.post(FORM, data=VALID)
    assert response.status_code == 400
    assert stored_rows(app) == 0


def test_signed_out_visitors_are_sent_to_sign_in_and_change_nothing(app, client):
    assert client.get(FORM).headers["Location"].startswith("/login")
    response = client.post(FORM, data=VALID)
    assert response.status_code in (303, 400)
    assert stored_rows(app) == 0


def test_editors_may_not_change_the_identity(app, editor):
    assert editor.get(FORM).status_code == 403
    response = post_identity(editor)
    assert response.status_code == 403
    assert "Chỉ quản trị viên mới được làm việc này." in response.get_data(as_text=True)
    assert stored_rows(app) == 0 and audit_actions(app) == []
    assert FORM not in editor.get("/quan-tri/").get_data(as_text=True)


def test_only_admins_see_the_screen_in_the_staff_menu(admin):
    assert f'href="{FORM}"' in admin.get("/quan-tri/").get_data(as_text=True)


def header_image(html: str) -> dict | None:
    found = [
        image for image in images(html) if "site-brand__logo" in (image["attrs"].get("class") or "")
    ]
    return found[0]["attrs"] if found else None


def test_an_uploaded_logo_replaces_the_emblem_until_it_is_removed(app, admin, client):
    data = photo_bytes((600, 600))
    response = post_identity(admin, image_file=(io.BytesIO(data), "logo.png"))
    assert response.status_code == 303
    with app.app_context():
        upload = db.session.scalars(select(Upload)).one()
        name = upload.name
    assert identity_of(app).logo == name
    assert audit_actions(app) == ["upload.create", "identity.update"]
    home = client.get("/").get_data(as_text=True)
    logo = header_image(home)
    # The 56 x 56 box takes the smallest stored copy (320 px), not the 600-pixel image.
    assert logo == {
        "class": "site-brand__emblem site-brand__logo",
        "src": f"/uploads/{name.removesuffix('.webp')}-320.webp",
        "width": "56",
        "height": "56",
        "alt": "",  # the link's own text names the committee
    }
    assert 'svg class="site-brand__emblem"' not in home
    served = client.get(logo["src"])
    served.close()
    assert served.status_code == 200 and served.mimetype == "image/webp"
    # The form shows it as the logo in use; choosing none brings the emblem back.
    assert "Logo đang dùng: logo.png" in admin.get(FORM).get_data(as_text=True)
    assert post_identity(admin, image_name="").status_code == 303
    home = client.get("/").get_data(as_text=True)
    assert header_image(home) is None and 'svg class="site-brand__emblem"' in home
    assert identity_of(app).logo == ""


def test_an_upload_of_the_library_can_be_chosen_as_the_logo(app, admin, client):
    name = store_upload(app, size=(200, 120))
    assert post_identity(admin, image_name=name).status_code == 303
    logo = header_image(client.get("/").get_data(as_text=True))
    # Narrower than the smallest copy: the image itself, in the same box.
    assert logo["src"] == f"/uploads/{name}" and (logo["width"], logo["height"]) == ("56", "56")
