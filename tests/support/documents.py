"""Documents for tests: files of each format built in memory, and documents in the database."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from sqlalchemy import select

from danvan.documents.models import Document, DocumentField, DocumentType
from danvan.documents.sample import sample_pdf
from danvan.extensions import db

DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def pdf_bytes() -> bytes:
    """A small valid PDF."""
    return sample_pdf(("Test document",))


def zip_bytes(entries: list[tuple[str, bytes]], stored_first: bool = False) -> bytes:
    """A ZIP of ``entries`` (name, bytes), the first one stored uncompressed if asked."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, (name, data) in enumerate(entries):
            # A fixed time: the same entries make the same bytes (a name alone takes the clock's).
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            kind = zipfile.ZIP_STORED if stored_first and number == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compress_type=kind)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    """A minimal DOCX: the content types naming WordprocessingML, and word/document.xml."""
    return zip_bytes(
        [("[Content_Types].xml", DOCX_TYPES.encode()), ("word/document.xml", b"<w:document/>")]
    )


def odt_bytes() -> bytes:
    """A minimal ODT: ``mimetype`` first and stored."""
    return zip_bytes(
        [
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<office:document-content/>"),
        ],
        stored_first=True,
    )


def doc_bytes() -> bytes:
    """The start of an OLE2 compound file (what a .doc is)."""
    return bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504


def make_document(
    number: str = "15-HD/BDVTU",
    title: str = "Hướng dẫn công tác dân vận năm 2024",
    *,
    kind: str = "Hướng dẫn",
    field: str | None = None,
    issued_on: date = date(2024, 3, 15),
    published: bool = True,
    **values,
) -> Document:
    """Add a document (the type, and the field, made when missing); the caller commits."""
    doc_type = db.session.scalar(select(DocumentType).where(DocumentType.name == kind))
    if doc_type is None:
        doc_type = DocumentType(name=kind, slug=values.pop("type_slug", kind.lower()))
        db.session.add(doc_type)
    found_field = None
    if field is not None:
        found_field = db.session.scalar(select(DocumentField).where(DocumentField.name == field))
        if found_field is None:
            found_field = DocumentField(name=field, slug=values.pop("field_slug", "linh-vuc"))
            db.session.add(found_field)
    document = Document(
        number_symbol=number,
        title=title,
        slug=values.pop("slug", "van-ban"),
        doc_type=doc_type,
        field=found_field,
        issuing_body=values.pop("issuing_body", "Ban Dân vận Tỉnh ủy"),
        issued_on=issued_on,
        summary=values.pop("summary", ""),
        published=published,
        **values,
    )
    db.session.add(document)
    db.session.flush()
    return document


def staff_document_pages(app, site: str) -> dict[str, str]:
    """The documents' staff pages as an admin sees them at ``site`` (for the HTML checker),
    the form with its errors among them."""
    from tests.support.staff import PASSWORD, csrf_from, make_user

    make_user(app, "kiemtra", role="admin")
    client = app.test_client()
    referer = {"Referer": site + "/login"}  # Flask-WTF's check over HTTPS
    token = csrf_from(client.get("/login", base_url=site).get_data(as_text=True))
    signed = client.post(
        "/login",
        data={"csrf_token": token, "username": "kiemtra", "password": PASSWORD},
        base_url=site,
        headers=referer,
    )
    assert signed.status_code == 303
    pages = {
        "staff: documents": "/quan-tri/van-ban/",
        "staff: new document": "/quan-tri/van-ban/moi",
        "staff: edit a document with a file": "/quan-tri/van-ban/1",
        "staff: delete a document": "/quan-tri/van-ban/1/xoa",
        "staff: types and fields": "/quan-tri/van-ban/phan-loai/",
    }
    found = {}
    for name, path in pages.items():
        response = client.get(path, base_url=site)
        assert response.status_code == 200, path
        found[name] = response.get_data(as_text=True)
    token = csrf_from(found["staff: new document"])
    refused = client.post(
        "/quan-tri/van-ban/moi",
        data={"csrf_token": token, "number_symbol": "", "issued_on": "x"},
        base_url=site,
        headers={"Referer": site + "/quan-tri/van-ban/moi"},
    )
    assert refused.status_code == 422
    found["staff: document form with errors"] = refused.get_data(as_text=True)
    return found
