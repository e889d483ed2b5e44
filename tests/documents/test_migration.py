"""Migration 0011 adds the documents' tables with the standard types, and goes again."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select

from danvan import create_app
from danvan.documents.lookups import STANDARD_TYPES
from danvan.documents.models import DocumentType
from danvan.extensions import db
from tests.conftest import make_config, reset_test_database

TABLES = {"documents", "document_types", "document_fields", "document_files", "search_official"}


def test_the_migration_adds_the_documents_with_the_standard_types_and_goes(tmp_path):
    reset_test_database()
    app = create_app(make_config(tmp_path))
    with app.app_context():
        upgrade()
        assert set(inspect(db.engine).get_table_names()) >= TABLES
        names = db.session.scalars(select(DocumentType.name).order_by(DocumentType.sort_order))
        assert list(names) == list(STANDARD_TYPES)
        assert "nghi-quyet" in db.session.scalars(select(DocumentType.slug)).all()
        db.session.commit()
        downgrade(revision="0010_pages")
        assert not TABLES & set(inspect(db.engine).get_table_names())
        upgrade()
        db.session.remove()
        db.engine.dispose()
    reset_test_database()
