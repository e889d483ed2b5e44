"""Migration 0009 builds the index create_all builds, indexes the existing articles, and goes."""

from __future__ import annotations

import re
from datetime import timedelta

from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, Table, insert, text

from danvan import create_app
from danvan.content.models import ArticleStatus
from danvan.core.clock import utcnow
from danvan.extensions import db
from danvan.search.query import parse_query, rank
from tests.conftest import make_config, reset_test_database


def search_schema() -> set[tuple[str, ...]]:
    """The index's tables, columns and indexes as the database describes them."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        described: set[tuple[str, ...]] = set()
        for kind, name, sql in connection.exec_driver_sql(
            "SELECT type, name, sql FROM sqlite_master WHERE name LIKE 'search%'"
        ):
            # SQLite keeps the statement as written, IF NOT EXISTS and line breaks included.
            normal = re.sub(r"\s+", " ", (sql or "").replace("IF NOT EXISTS ", ""))
            described.add((kind, name, normal))
        return described
    # The articles' index and the documents' (migration 0011).
    tables = "('search_documents', 'search_official')"
    columns = connection.exec_driver_sql(
        "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
        f"WHERE table_name IN {tables}"
    )
    indexes = connection.exec_driver_sql(
        f"SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN {tables}"
    )
    return {tuple(map(str, row)) for row in [*columns, *indexes]}


def test_the_migration_indexes_existing_articles_like_create_all(tmp_path):
    reset_test_database()
    app = create_app(make_config(tmp_path))
    now = utcnow()
    with app.app_context():
        upgrade(revision="0008_portal")
        rows = [
            ("Công tác dân vận năm 2020", ArticleStatus.PUBLISHED, now - timedelta(days=9)),
            ("Dân vận bản nháp", ArticleStatus.DRAFT, now - timedelta(days=9)),
            ("Dân vận hẹn giờ", ArticleStatus.PUBLISHED, now + timedelta(days=1)),
        ]
        # The articles table as revision 0008 has it (later revisions add columns the model has).
        articles = Table("articles", MetaData(), autoload_with=db.session.connection())
        db.session.execute(
            insert(articles),
            [
                {
                    "title": title,
                    "slug": f"bai-{number}",
                    "summary": "",
                    "body_html": "<p>Đảng bộ &amp; nhân dân.</p>",
                    "body_source": "",
                    "source": "",
                    "status": status.value,
                    "published_at": published_at,
                    "view_count": 0,
                    "rating_enabled": True,
                    "image_alt": "",
                    "created_at": now,
                    "updated_at": now,
                }
                for number, (title, status, published_at) in enumerate(rows)
            ],
        )
        db.session.commit()
        upgrade()
        indexed = db.session.execute(text("SELECT article_id FROM search_documents")).scalars()
        assert sorted(indexed) == [1, 3]  # published, the scheduled one waiting for its time
        connection = db.session.connection()
        assert rank(connection, parse_query("dan van"), now, 1, 10).ids == (1,)
        assert rank(connection, parse_query("dang bo nhan dan"), now, 1, 10).ids == (1,)
        later = now + timedelta(days=2)
        assert set(rank(connection, parse_query("Dân vận"), later, 1, 10).ids) == {1, 3}
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql(
                "INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"
            )
        migrated = search_schema()
        db.session.commit()

        downgrade(revision="0008_portal")
        assert search_schema() == set()
        db.session.commit()
        upgrade()
        db.session.remove()
        db.engine.dispose()

    reset_test_database()
    fresh = create_app(make_config(tmp_path / "fresh"))
    with fresh.app_context():
        db.create_all()
        assert search_schema() == migrated
        assert migrated  # the comparison compared something
        db.session.remove()
        db.engine.dispose()
    reset_test_database()
