"""A document's file is recognised by its bytes; the name's extension must agree."""

from __future__ import annotations

import pytest

from danvan.documents.files import FileRefused, check_file, clean_name, detect_format
from tests.support.documents import doc_bytes, docx_bytes, odt_bytes, pdf_bytes, zip_bytes


@pytest.mark.parametrize(
    ("build", "name", "media_type"),
    [
        (pdf_bytes, "huong-dan.pdf", "application/pdf"),
        (doc_bytes, "cong-van.DOC", "application/msword"),
        (
            docx_bytes,
            "ke-hoach.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (odt_bytes, "bao-cao.odt", "application/vnd.oasis.opendocument.text"),
    ],
)
def test_real_documents_are_taken_with_the_type_of_their_content(app, build, name, media_type):
    with app.app_context():
        found, kept = check_file(build(), name)
    assert found.media_type == media_type
    assert kept == name


REFUSED = [
    ("not a pdf named .pdf", b"Hello, this is text.\n" * 10, "van-ban.pdf", "không phải"),
    ("an .exe renamed", b"MZ\x90\x00\x03" + b"\x00" * 200, "huong-dan.pdf", "không phải"),
    ("HTML renamed .doc", b"<!DOCTYPE html><html><body>x</body></html>", "a.doc", "không phải"),
    ("a zip that is not word", zip_bytes([("readme.txt", b"hi")]), "a.docx", "không phải"),
    (
        "content types without word/document.xml",
        zip_bytes([("[Content_Types].xml", b"wordprocessingml.document.main+xml")]),
        "a.docx",
        "không phải",
    ),
    ("a PDF named .docx", pdf_bytes(), "a.docx", "không phải là Word (DOCX)"),
    ("a DOCX named .odt", docx_bytes(), "a.odt", "không phải"),
    ("an ODT named .pdf", odt_bytes(), "a.pdf", "không phải là PDF"),
    ("a PDF named .exe", pdf_bytes(), "a.exe", "Chỉ nhận tệp PDF, DOC, DOCX hoặc ODT"),
    ("no extension", pdf_bytes(), "vanban", "Chỉ nhận tệp"),
    ("empty", b"", "a.pdf", "rỗng"),
    ("truncated zip", docx_bytes()[:40], "a.docx", "không phải"),
]


@pytest.mark.parametrize(("case", "data", "name", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_files_that_are_not_what_they_say_are_refused_in_vietnamese(app, case, data, name, message):
    with app.app_context(), pytest.raises(FileRefused) as refused:
        check_file(data, name)
    assert message in refused.value.message


def test_a_file_over_the_limit_is_refused(app):
    app.config["DOCUMENT_MAX_BYTES"] = 2048
    with app.app_context(), pytest.raises(FileRefused) as refused:
        check_file(b"%PDF-1.4\n" + b"0" * 3000, "lon.pdf")
    assert "quá lớn" in refused.value.message and "MB" in refused.value.message


def test_a_zip_bomb_is_not_inflated(app):
    # [Content_Types].xml inflating to 50 MB: read up to the cap, then given up.
    bomb = zip_bytes([("[Content_Types].xml", b" " * 50_000_000), ("word/document.xml", b"x")])
    assert len(bomb) < 200_000
    assert detect_format(bomb) is None


def test_an_odt_whose_mimetype_is_compressed_or_wrong_is_not_an_odt():
    wrong = zip_bytes([("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")], True)
    compressed = zip_bytes([("mimetype", b"application/vnd.oasis.opendocument.text")])
    assert detect_format(wrong) is None
    assert detect_format(compressed) is None


def test_names_lose_their_folders_and_stay_within_255_characters():
    assert clean_name("C:\\Users\\lan\\Hướng dẫn.pdf") == "Hướng dẫn.pdf"
    assert clean_name("../../etc/passwd.pdf") == "passwd.pdf"
    long = clean_name("a" * 300 + ".docx")
    assert len(long) == 255 and long.endswith(".docx")
