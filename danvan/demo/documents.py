"""Demonstration documents for ``seed-demo``: numbers, types, fields and dates like a
committee's, with one shared sample PDF, bulk-inserted and then indexed for search."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, insert, select, text

from ..core.caches import DOCUMENT, forget
from ..core.clock import utcnow
from ..core.text import slugify
from ..documents.files import PDF, stored_file
from ..documents.lookups import SAMPLE_FIELDS, add_fields, add_standard_types
from ..documents.models import Document, DocumentField, DocumentFile, DocumentType
from ..documents.sample import sample_pdf
from ..extensions import db
from ..search.document_index import rebuild_documents

BATCH = 1000
# Symbols of the type (HD: Hướng dẫn …), as committees write them; "Khác" has none.
SYMBOLS = {
    "Nghị quyết": "NQ",
    "Chỉ thị": "CT",
    "Quyết định": "QĐ",
    "Kết luận": "KL",
    "Quy định": "QĐi",
    "Hướng dẫn": "HD",
    "Kế hoạch": "KH",
    "Thông báo": "TB",
    "Báo cáo": "BC",
    "Công văn": "CV",
    "Chương trình": "CTr",
}
BODIES = ("Ban Dân vận Tỉnh ủy", "Tỉnh ủy", "Ban Thường vụ Tỉnh ủy", "Ban Dân vận Trung ương")
SUBJECTS = (
    "công tác dân vận",
    "thực hiện Quy chế dân chủ ở cơ sở",
    "phong trào thi đua “Dân vận khéo”",
    "công tác dân tộc, tôn giáo",
    "tiếp xúc, đối thoại với nhân dân",
)


def seed_documents(count: int, seed: int = 2026) -> int:
    """Add ``count`` published demonstration documents (every tenth with the sample PDF);
    returns how many are in the search index afterwards."""
    rng = random.Random(seed)
    add_standard_types()
    add_fields(SAMPLE_FIELDS)
    db.session.flush()
    types = list(db.session.execute(select(DocumentType.id, DocumentType.name)))
    fields = list(db.session.scalars(select(DocumentField.id)))
    pdf = sample_pdf()
    template = stored_file(pdf, PDF, "van-ban-mau.pdf")  # written once; rows share it
    next_id = (db.session.scalar(select(func.max(Document.id))) or 0) + 1
    now, start = utcnow(), date(2015, 1, 1)
    for first in range(0, count, BATCH):
        rows, files = [], []
        for document_id in range(next_id + first, next_id + min(first + BATCH, count)):
            type_id, kind = rng.choice(types)
            issued = start + timedelta(days=rng.randrange(365 * 11))
            number = f"{rng.randrange(1, 300)}-{SYMBOLS.get(kind, 'VB')}/BDVTU"
            title = f"{kind} về {rng.choice(SUBJECTS)} năm {issued.year}"
            rows.append(
                {
                    "id": document_id,
                    "number_symbol": number,
                    "title": title,
                    "slug": slugify(f"{number} {title}", 150),
                    "doc_type_id": type_id,
                    "field_id": rng.choice(fields),
                    "issuing_body": rng.choice(BODIES),
                    "issued_on": issued,
                    "signer": "",
                    "summary": f"Văn bản mẫu để trình diễn: {title}.",
                    "published": True,
                    "published_at": now,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            if document_id % 10 == 0:
                files.append(
                    {
                        "document_id": document_id,
                        "stored_name": template.stored_name,
                        "original_name": template.original_name,
                        "media_type": template.media_type,
                        "size": template.size,
                        "sort_order": 0,
                        "created_at": now,
                    }
                )
        db.session.execute(insert(Document), rows)
        if files:
            db.session.execute(insert(DocumentFile), files)
        db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # Explicit ids bypass the sequence: move it past them.
        db.session.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('documents', 'id'), "
                "(SELECT COALESCE(MAX(id), 1) FROM documents))"
            )
        )
    # Bulk INSERTs bypass the ORM's flush, where the documents' index keeps itself in step.
    indexed = rebuild_documents()
    db.session.commit()
    forget(DOCUMENT)
    return indexed
