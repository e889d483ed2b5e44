"""Staff publish documents: the list, the form with its files, deleting; types and fields."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.test import EnvironBuilder

from danvan.documents.models import Document, DocumentField, DocumentFile, DocumentType
from danvan.extensions import db
from tests.support.documents import doc_bytes, docx_bytes, make_document, pdf_bytes, zip_bytes
from tests.support.publishing import audit_actions, count
from tests.support.staff import staff_csrf


def type_id(app, name: str = "Hướng dẫn") -> int:
    with app.app_context():
        return db.session.scalar(select(DocumentType.id).where(DocumentType.name == name))


def form(app, token: str, files=(), **overrides) -> dict:
    data = {
        "csrf_token": token,
        "number_symbol": "15-HD/BDVTU",
        "title": "Hướng dẫn thực hiện công tác dân vận năm 2024",
        "doc_type_id": str(type_id(app)),
        "issuing_body": "Ban Dân vận Tỉnh ủy",
        "issued_on": "15/03/2024",
        "effective_on": "",
        "signer": "Nguyễn Văn A",
        "field_id": "",
        "summary": "Tóm tắt.",
        "published": "y",
    }
    data.update(overrides)
    if files:
        data["files"] = [(io.BytesIO(content), name) for content, name in files]
    return data


def post(client, path: str, data: dict):
    return client.post(path, data=data, content_type="multipart/form-data")


def stored_files(app) -> list[str]:
    folder = Path(app.instance_path) / "uploads" / "documents"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def test_an_editor_publishes_a_document_with_two_files(app, editor):
    before = stored_files(app)
    files = [(pdf_bytes(), "Hướng dẫn.pdf"), (docx_bytes(), "phu-luc.docx")]
    response = post(editor, "/quan-tri/van-ban/moi", form(app, staff_csrf(editor), files))
    assert response.status_code == 303
    with app.app_context():
        document = db.session.scalar(
            select(Document).where(Document.number_symbol == "15-HD/BDVTU")
        )
        assert document.published and document.published_at is not None
        assert document.issued_on == date(2024, 3, 15)
        assert [(f.original_name, f.media_type) for f in document.files] == [
            ("Hướng dẫn.pdf", "application/pdf"),
            (
                "phu-luc.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
        ]
        page = f"/van-ban/{document.slug}-{document.id}"
    assert len(stored_files(app)) == len(before) + 2
    assert audit_actions(app) == ["document.create"]
    public = app.test_client()
    assert public.get(page).status_code == 200
    assert "15-HD/BDVTU" in public.get("/van-ban/").text
    assert response.headers["Location"].startswith("/quan-tri/van-ban/")
    assert "Đã thêm văn bản." in editor.get(response.headers["Location"]).text


BAD = [
    ({"number_symbol": ""}, (), "Vui lòng nhập số, ký hiệu."),
    ({"number_symbol": "x" * 101}, (), "Số, ký hiệu dài tối đa 100 ký tự."),
    ({"title": ""}, (), "Vui lòng nhập trích yếu."),
    ({"doc_type_id": ""}, (), "Loại văn bản không hợp lệ"),
    ({"doc_type_id": "999"}, (), "Loại văn bản không hợp lệ"),
    ({"field_id": "abc"}, (), "Lĩnh vực không hợp lệ"),
    ({"issuing_body": ""}, (), "Vui lòng nhập cơ quan ban hành."),
    ({"issued_on": ""}, (), "Vui lòng nhập ngày ban hành."),
    ({"issued_on": "15/03/2024x"}, (), "Ngày không hợp lệ"),
    ({"effective_on": "01/01/2024"}, (), "Ngày hiệu lực không được trước ngày ban hành."),
    ({}, [(b"just text", "gia.pdf")], "không phải là tệp PDF, DOC, DOCX hoặc ODT hợp lệ"),
    ({}, [(b"MZ\x90\x00" + b"\x00" * 100, "chuong-trinh.pdf")], "không phải"),
    ({}, [(b"<html><body>x</body></html>", "trang.doc")], "không phải"),
    ({}, [(zip_bytes([("a.txt", b"x")]), "nen.docx")], "không phải"),
    ({}, [(pdf_bytes(), "a.exe")], "Chỉ nhận tệp PDF, DOC, DOCX hoặc ODT."),
    ({}, [(pdf_bytes(), f"{n}.pdf") for n in range(6)], "tối đa 5 tệp"),
]


@pytest.mark.parametrize(("overrides", "files", "message"), BAD)
def test_bad_input_is_refused_in_vietnamese_and_changes_nothing(
    app, editor, overrides, files, message
):
    before, stored = count(app, Document), stored_files(app)
    response = post(
        editor, "/quan-tri/van-ban/moi", form(app, staff_csrf(editor), files, **overrides)
    )
    assert response.status_code == 422
    assert message in response.text
    assert "Not a valid" not in response.text and "This field" not in response.text
    assert count(app, Document) == before and stored_files(app) == stored
    assert audit_actions(app) == []


def test_an_oversize_file_is_refused(app, editor):
    app.config["DOCUMENT_MAX_BYTES"] = 4096
    big = b"%PDF-1.4\n" + b"0" * 5000
    response = post(
        editor, "/quan-tri/van-ban/moi", form(app, staff_csrf(editor), [(big, "lon.pdf")])
    )
    assert response.status_code == 422 and "quá lớn" in response.text
    assert count(app, Document) == 2  # the samples


def test_a_body_past_every_limit_is_a_vietnamese_413(app, editor):
    app.config["DOCUMENT_MAX_BYTES"] = 1024  # five files of 1 KB and 1 MB of form
    big = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024)
    data = form(app, staff_csrf(editor), [(big, "lon.pdf")])
    # A body this large is spooled to a temporary file, which closed here.
    builder = EnvironBuilder(
        path="/quan-tri/van-ban/moi", method="POST", data=data, content_type="multipart/form-data"
    )
    environ = builder.get_environ()
    try:
        response = editor.open(environ)
    finally:
        environ["wsgi.input"].close()
        builder.close()
    assert response.status_code == 413
    assert "Mỗi tệp văn bản tối đa" in response.text
    assert count(app, Document) == 2


def test_editing_changes_details_adds_a_file_and_removes_one(app, editor):
    token = staff_csrf(editor)
    post(editor, "/quan-tri/van-ban/moi", form(app, token, [(pdf_bytes(), "a.pdf")]))
    with app.app_context():
        document = db.session.scalar(
            select(Document).where(Document.number_symbol == "15-HD/BDVTU")
        )
        document_id, old_file = document.id, document.files[0].id
    assert editor.get(f"/quan-tri/van-ban/{document_id}").status_code == 200
    data = form(app, token, [(doc_bytes(), "b.doc")], title="Trích yếu mới", published="")
    data["xoa_tep"] = str(old_file)
    del data["published"]
    response = post(editor, f"/quan-tri/van-ban/{document_id}", data)
    assert response.status_code == 303
    with app.app_context():
        document = db.session.get(Document, document_id)
        assert document.title == "Trích yếu mới" and not document.published
        assert [f.original_name for f in document.files] == ["b.doc"]
    assert app.test_client().get(f"/van-ban/{document.slug}-{document_id}").status_code == 404
    assert audit_actions(app) == ["document.create", "document.update"]


def test_a_removed_file_leaves_the_disk_unless_another_document_has_it(app, editor):
    token = staff_csrf(editor)
    post(editor, "/quan-tri/van-ban/moi", form(app, token, [(docx_bytes(), "a.docx")]))
    post(
        editor,
        "/quan-tri/van-ban/moi",
        form(app, token, [(docx_bytes(), "b.docx")], number_symbol="16-HD/BDVTU"),
    )
    with app.app_context():
        rows = db.session.execute(
            select(DocumentFile.id, DocumentFile.document_id, DocumentFile.stored_name).order_by(
                DocumentFile.id
            )
        ).all()
    shared = rows[-1].stored_name
    assert rows[-2].stored_name == shared  # the same bytes, stored once
    first, second = rows[-2], rows[-1]
    data = form(app, token, number_symbol="15-HD/BDVTU")
    data["xoa_tep"] = str(first.id)
    assert post(editor, f"/quan-tri/van-ban/{first.document_id}", data).status_code == 303
    assert shared in stored_files(app)
    data = form(app, token, number_symbol="16-HD/BDVTU")
    data["xoa_tep"] = str(second.id)
    assert post(editor, f"/quan-tri/van-ban/{second.document_id}", data).status_code == 303
    assert shared not in stored_files(app)


def test_removing_another_documents_file_is_refused(app, editor):
    with app.app_context():
        other = db.session.scalar(select(DocumentFile.id))  # the sample's PDF
        mine = make_document(slug="cua-toi").id
        db.session.commit()
    data = form(app, staff_csrf(editor))
    data["xoa_tep"] = str(other)
    response = post(editor, f"/quan-tri/van-ban/{mine}", data)
    assert response.status_code == 400 and "không thuộc văn bản này" in response.text
    assert count(app, DocumentFile) == 1


def test_deleting_asks_first_then_removes_the_document_and_its_files(app, editor):
    token = staff_csrf(editor)
    post(editor, "/quan-tri/van-ban/moi", form(app, token, [(doc_bytes(), "a.doc")]))
    with app.app_context():
        document_id = db.session.scalar(
            select(Document.id).where(Document.number_symbol == "15-HD/BDVTU")
        )
    confirm = editor.get(f"/quan-tri/van-ban/{document_id}/xoa")
    assert confirm.status_code == 200 and "sẽ bị xoá hẳn" in confirm.text
    before = stored_files(app)
    response = editor.post(f"/quan-tri/van-ban/{document_id}/xoa", data={"csrf_token": token})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Document, document_id) is None
    assert len(stored_files(app)) == len(before) - 1
    assert audit_actions(app)[-1] == "document.delete"
    assert editor.get(f"/quan-tri/van-ban/{document_id}").status_code == 404


def test_the_staff_list_finds_drafts_by_number_and_pages(app, editor):
    with app.app_context():
        make_document("99-TB/NHAP", "Thông báo nháp", kind="Thông báo", published=False, slug="tb")
        db.session.commit()
    html = editor.get("/quan-tri/van-ban/?q=99-TB").text
    assert "99-TB/NHAP" in html and "Chưa công bố" in html and "01-HD/MAU" not in html
    assert "01-HD/MAU" in editor.get("/quan-tri/van-ban/").text
    assert editor.get("/quan-tri/van-ban/?page=abc").status_code == 200


STAFF_PAGES = [
    "/quan-tri/van-ban/",
    "/quan-tri/van-ban/moi",
    "/quan-tri/van-ban/1",
    "/quan-tri/van-ban/1/xoa",
    "/quan-tri/van-ban/phan-loai/",
]
POSTS = [
    "/quan-tri/van-ban/moi",
    "/quan-tri/van-ban/1",
    "/quan-tri/van-ban/1/xoa",
    "/quan-tri/van-ban/phan-loai/loai",
    "/quan-tri/van-ban/phan-loai/loai/1/xoa",
]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_signed_out_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 303 and response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("path", POSTS)
def test_signed_out_posts_change_nothing(app, client, path):
    before = count(app, Document), count(app, DocumentType), count(app, DocumentFile)
    response = client.post(path, data={"number_symbol": "x", "name": "x"})
    assert response.status_code in (303, 400)
    assert (count(app, Document), count(app, DocumentType), count(app, DocumentFile)) == before


def test_editors_manage_documents_but_not_types_and_fields(app, editor):
    for path in STAFF_PAGES[:-1]:
        assert editor.get(path).status_code == 200, path
    new = editor.get("/quan-tri/van-ban/moi").text
    assert "Mỗi tệp văn bản tối đa 20 MB. Mỗi lần lưu tối đa 5 tệp" in new
    assert 'type="file"' in new and "multiple" in new and 'accept=".pdf,.doc,.docx,.odt,' in new
    token = staff_csrf(editor)
    before = count(app, DocumentType)
    assert editor.get("/quan-tri/van-ban/phan-loai/").status_code == 403
    refused = editor.post(
        "/quan-tri/van-ban/phan-loai/loai", data={"csrf_token": token, "loai-name": "Tờ trình"}
    )
    assert refused.status_code == 403 and "Chỉ quản trị viên" in refused.text
    assert (
        editor.post(
            "/quan-tri/van-ban/phan-loai/loai/12/xoa", data={"csrf_token": token}
        ).status_code
        == 403
    )
    assert count(app, DocumentType) == before


def test_admins_add_and_delete_types_and_fields(app, admin):
    token = staff_csrf(admin)
    page = admin.get("/quan-tri/van-ban/phan-loai/")
    assert page.status_code == 200 and "Nghị quyết" in page.text
    response = admin.post(
        "/quan-tri/van-ban/phan-loai/loai", data={"csrf_token": token, "loai-name": "Tờ trình"}
    )
    assert response.status_code == 303
    response = admin.post(
        "/quan-tri/van-ban/phan-loai/linh-vuc",
        data={"csrf_token": token, "linh-vuc-name": "Thanh niên"},
    )
    assert response.status_code == 303
    assert "Tờ trình" in app.test_client().get("/van-ban/").text
    with app.app_context():
        new_type = db.session.scalar(select(DocumentType).where(DocumentType.name == "Tờ trình"))
        assert new_type.slug == "to-trinh"
        field_id = db.session.scalar(
            select(DocumentField.id).where(DocumentField.name == "Thanh niên")
        )
        used_type = type_id(app, "Hướng dẫn")
    for data, message in (
        ({"loai-name": ""}, "Vui lòng nhập tên."),
        ({"loai-name": "Tờ trình"}, "Đã có loại văn bản"),
        ({"loai-name": "x" * 101}, "tối đa 100"),
    ):
        refused = admin.post("/quan-tri/van-ban/phan-loai/loai", data={"csrf_token": token, **data})
        assert refused.status_code == 422 and message in refused.text
    in_use = admin.post(
        f"/quan-tri/van-ban/phan-loai/loai/{used_type}/xoa", data={"csrf_token": token}
    )
    assert in_use.status_code == 400 and "văn bản đang dùng" in in_use.text
    assert (
        admin.post(
            f"/quan-tri/van-ban/phan-loai/linh-vuc/{field_id}/xoa", data={"csrf_token": token}
        ).status_code
        == 303
    )
    assert (
        admin.post(
            "/quan-tri/van-ban/phan-loai/linh-vuc/9999/xoa", data={"csrf_token": token}
        ).status_code
        == 404
    )
    assert audit_actions(app) == [
        "document_type.create",
        "document_field.create",
        "document_field.delete",
    ]
    log = admin.get("/quan-tri/nhat-ky/").text
    assert "Thêm loại văn bản" in log and "Xoá lĩnh vực văn bản" in log
