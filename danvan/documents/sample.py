"""The sample documents a new site shows under "Văn bản": two placeholders, one with a PDF.

They say they are samples, so nobody takes them for the committee's real documents; staff
edit or delete them. The PDF is written here, byte by byte (PDF 1.4, one page, Helvetica, ASCII
text), so the sample needs no file in the repository and no PDF library.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..core.clock import utcnow
from ..core.text import slugify
from ..extensions import db
from .files import PDF, stored_file
from .lookups import SAMPLE_FIELDS, add_fields, add_standard_types
from .models import Document, DocumentField, DocumentType

PLACEHOLDER = (
    "Đây là văn bản mẫu đi kèm phần mềm, không phải văn bản thật của Ban Dân vận. Cán bộ quản "
    "trị sửa hoặc xoá văn bản này trong trang Quản trị › Văn bản."
)
SAMPLES = (
    # (number, type, field, title, issued, has a file)
    (
        "01-HD/MAU",
        "Hướng dẫn",
        "Công tác dân vận",
        "Hướng dẫn mẫu về việc đăng văn bản lên trang thông tin điện tử",
        date(2021, 1, 15),
        True,
    ),
    (
        "02-KH/MAU",
        "Kế hoạch",
        "Quy chế dân chủ ở cơ sở",
        "Kế hoạch mẫu thực hiện công tác dân vận năm 2021",
        date(2021, 1, 20),
        False,
    ),
)
SAMPLE_BODY = "Ban Dân vận (mẫu)"
PDF_LINES = (
    "Van ban mau - Sample document",
    "Day la van ban mau di kem phan mem, khong phai van ban that.",
    "This placeholder ships with the software; staff replace or delete it.",
)


def _pdf_text(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def sample_pdf(lines: tuple[str, ...] = PDF_LINES) -> bytes:
    """A one-page PDF showing ``lines`` (ASCII), with a correct cross-reference table."""
    text_ops = "".join(
        f"BT /F1 12 Tf 72 {720 - 20 * number} Td ({_pdf_text(line)}) Tj ET\n"
        for number, line in enumerate(lines)
    ).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(text_ops) + text_ops + b"endstream",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(output)


def add_sample_documents() -> None:
    """Add the standard types, a few fields and the sample documents (the caller commits)."""
    add_standard_types()
    add_fields(SAMPLE_FIELDS)
    db.session.flush()
    types = {item.name: item.id for item in db.session.scalars(select(DocumentType))}
    fields = {item.name: item.id for item in db.session.scalars(select(DocumentField))}
    for number, kind, field, title, issued, with_file in SAMPLES:
        document = Document(
            number_symbol=number,
            title=title,
            slug=slugify(f"{number} {title}", 150),
            doc_type_id=types[kind],
            field_id=fields[field],
            issuing_body=SAMPLE_BODY,
            issued_on=issued,
            signer="",
            summary=PLACEHOLDER,
            published=True,
            published_at=utcnow(),
        )
        if with_file:
            data = sample_pdf()
            document.files.append(stored_file(data, PDF, "huong-dan-mau.pdf"))
        db.session.add(document)
