"""The public documents: the list and its filters, a document's page, its downloads."""

from __future__ import annotations

import re
from datetime import date

from danvan.documents.files import PDF, stored_file
from danvan.extensions import db
from tests.support.documents import make_document, pdf_bytes


def numbers(html: str) -> list[str]:
    return re.findall(r'class="document-item__number">.*?số (.*?)</p>', html)


def add_three(app) -> dict[str, int]:
    with app.app_context():
        ids = {
            "old": make_document(
                "3-KH/BDV",
                "Kế hoạch cũ",
                kind="Kế hoạch",
                issued_on=date(2019, 5, 1),
                slug="ke-hoach-cu",
            ).id,
            "new": make_document(
                "7-HD/BDV",
                "Hướng dẫn mới",
                field="Tôn giáo",
                field_slug="ton-giao",
                issued_on=date(2024, 2, 1),
                slug="huong-dan-moi",
            ).id,
            "draft": make_document(
                "9-TB/BDV",
                "Thông báo nháp",
                kind="Thông báo",
                published=False,
                slug="thong-bao-nhap",
            ).id,
        }
        db.session.commit()
        return ids


def test_the_list_shows_public_documents_newest_first(app, client):
    add_three(app)
    html = client.get("/van-ban/").text
    assert numbers(html) == ["7-HD/BDV", "02-KH/MAU", "01-HD/MAU", "3-KH/BDV"]
    assert "9-TB/BDV" not in html  # not published
    assert 'action="/van-ban/"' in html and 'data-hx-get="/van-ban/"' in html


def test_filters_by_type_year_and_field_and_words(app, client):
    add_three(app)
    assert numbers(client.get("/van-ban/?loai=ke-hoach").text) == ["02-KH/MAU", "3-KH/BDV"]
    assert numbers(client.get("/van-ban/?nam=2019").text) == ["3-KH/BDV"]
    assert numbers(client.get("/van-ban/?nam=2021").text) == ["02-KH/MAU", "01-HD/MAU"]
    assert numbers(client.get("/van-ban/?linh-vuc=ton-giao").text) == ["7-HD/BDV"]
    assert numbers(client.get("/van-ban/?loai=ke-hoach&nam=2019").text) == ["3-KH/BDV"]
    assert numbers(client.get("/van-ban/?q=7-HD").text) == ["7-HD/BDV"]
    assert numbers(client.get("/van-ban/?q=thong+bao+nhap").text) == []  # drafts are not found
    empty = client.get("/van-ban/?nam=2000").text
    assert "Không có văn bản nào phù hợp với điều kiện lọc." in empty


def test_bad_filters_answer_in_vietnamese(app, client):
    for query, status, message in (
        ("nam=abc", 400, "Năm ban hành không hợp lệ"),
        ("nam=１２３４", 400, "Năm ban hành không hợp lệ"),
        ("nam=1800", 400, "Năm ban hành không hợp lệ"),
        ("loai=khong-co", 404, "Loại văn bản hoặc lĩnh vực đã chọn không có"),
        ("linh-vuc=khong-co", 404, "Loại văn bản hoặc lĩnh vực đã chọn không có"),
        ("page=9", 404, "Không có trang này"),
        ("q=" + "a" * 201, 400, "Từ khoá dài tối đa 200 ký tự"),
    ):
        response = client.get(f"/van-ban/?{query}")
        assert response.status_code == status, query
        assert message in response.text, query


def test_htmx_gets_the_list_alone(app, client):
    add_three(app)
    response = client.get("/van-ban/?loai=ke-hoach", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="document-list"')
    assert "<html" not in response.text and numbers(response.text) == ["02-KH/MAU", "3-KH/BDV"]
    assert "HX-Request" in response.headers["Vary"]


def test_pages_of_the_list_keep_the_filters(app_factory):
    app = app_factory(PAGE_SIZE=1)
    with app.app_context():
        for number in range(3):
            make_document(
                f"{number}-KH/BDV",
                f"Kế hoạch {number}",
                slug=f"kh-{number}",
                issued_on=date(2024, 1, number + 1),
            )
        db.session.commit()
    client = app.test_client()
    html = client.get("/van-ban/?nam=2024").text
    assert numbers(html) == ["2-KH/BDV"]
    assert (
        'href="/van-ban/?page=2&amp;nam=2024"' in html
        or 'href="/van-ban/?nam=2024&amp;page=2"' in html
    )
    assert numbers(client.get("/van-ban/?nam=2024&page=3").text) == ["0-KH/BDV"]


def test_a_document_page_shows_what_it_is_and_its_files(app, client):
    with app.app_context():
        document = make_document(
            signer="Nguyễn Văn A",
            effective_on=date(2024, 4, 1),
            summary="Dòng một.\nDòng hai.",
            slug="15-hd-bdvtu",
        )
        data = pdf_bytes()
        document.files.append(stored_file(data, PDF, "Hướng dẫn số 15.pdf"))
        db.session.commit()
        document_id, file_id = document.id, document.files[0].id
    html = client.get(f"/van-ban/15-hd-bdvtu-{document_id}").text
    for text in (
        "15-HD/BDVTU",
        "Hướng dẫn công tác dân vận năm 2024",
        "Ban Dân vận Tỉnh ủy",
        "15/03/2024",
        "01/04/2024",
        "Nguyễn Văn A",
        "<p>Dòng hai.</p>",
        "Hướng dẫn số 15.pdf",
        "(PDF, 1 KB)",
    ):
        assert text in html, text
    assert f'href="/van-ban/{document_id}/tep/{file_id}/huong-dan-so-15.pdf"' in html
    wrong = client.get(f"/van-ban/sai-{document_id}")
    assert wrong.status_code == 301 and wrong.headers["Location"].endswith(
        f"/van-ban/15-hd-bdvtu-{document_id}"
    )


def test_a_download_has_the_right_type_a_safe_name_and_an_etag(app, client):
    with app.app_context():
        document = make_document(slug="vb")
        data = pdf_bytes()
        document.files.append(stored_file(data, PDF, "Hướng dẫn số 15.pdf"))
        db.session.commit()
        path = f"/van-ban/{document.id}/tep/{document.files[0].id}/huong-dan-so-15.pdf"
    response = client.get(path)
    assert response.status_code == 200 and response.data == data
    response.close()
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''H%C6%B0%E1%BB%9Bng%20d%E1%BA%ABn%20s%E1%BB%91%2015.pdf" in disposition
    assert 'filename="Huong dan so 15.pdf"' in disposition or "filename=Huong" in disposition
    assert "public" in response.headers["Cache-Control"]
    again = client.get(path, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    again.close()
    wrong = client.get(path.replace("huong-dan-so-15.pdf", "khac.exe"))
    assert wrong.status_code == 301 and wrong.headers["Location"].endswith(path)


def test_unknown_and_unpublished_documents_are_a_vietnamese_404_for_residents(app, client, editor):
    with app.app_context():
        draft = make_document(published=False, slug="nhap")
        data = pdf_bytes()
        draft.files.append(stored_file(data, PDF, "a.pdf"))
        db.session.commit()
        page, file_path = (
            f"/van-ban/nhap-{draft.id}",
            f"/van-ban/{draft.id}/tep/{draft.files[0].id}/a.pdf",
        )
    for path in (
        page,
        file_path,
        "/van-ban/khong-co-999",
        "/van-ban/1/tep/999/a.pdf",
        "/van-ban/2/tep/1/a.pdf",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Không tìm thấy" in response.text, path
    # Staff see the draft, marked, and its file, which no cache may keep.
    shown = editor.get(page)
    assert shown.status_code == 200 and "chưa được công bố" in shown.text
    assert 'name="robots" content="noindex"' in shown.text
    downloaded = editor.get(file_path)
    assert downloaded.status_code == 200 and downloaded.headers["Cache-Control"] == "no-store"
    downloaded.close()
