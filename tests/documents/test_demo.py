"""``flask seed-demo --documents N``: demonstration documents, listed and found at once."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from danvan.documents.models import Document, DocumentFile
from danvan.extensions import db
from tests.support.documents import make_document


def test_seed_demo_adds_documents_that_are_listed_and_searchable(app):
    result = app.test_cli_runner().invoke(
        args=["seed-demo", "--articles", "10", "--images", "0", "--documents", "300"]
    )
    assert result.exit_code == 0, result.output
    assert "Đã thêm 300 văn bản." in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Document)) == 302
        assert db.session.scalar(select(func.count()).select_from(DocumentFile)) == 31
        number = db.session.scalar(select(Document.number_symbol).where(Document.id == 150))
        shared = db.session.execute(
            select(DocumentFile.id, DocumentFile.document_id).where(DocumentFile.document_id == 10)
        ).one()
        # A document added later gets the next id (PostgreSQL's sequence was moved on).
        assert make_document(slug="sau").id == 303
        db.session.rollback()
    client = app.test_client()
    assert "302 văn bản" in client.get("/van-ban/").text
    listed = client.get("/van-ban/?q=" + number).text
    assert re.search(r"số " + re.escape(number) + "</p>", listed)
    download = client.get(f"/van-ban/10/tep/{shared.id}/van-ban-mau.pdf")
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    download.close()
