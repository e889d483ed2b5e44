"""search: an index of the published articles (SQLite FTS5 / PostgreSQL tsvector), backfilled

Revision ID: 0009_search
Revises: 0008_portal
Create Date: 2026-12-02 10:00:00.000000

The tables are not in the models (each database has its own kind): danvan/search/schema.py
declares the same ones for create_all, and tests/search/test_migration.py checks that the two
agree. The existing articles are indexed here with the application's folding (its text
functions are pure; the SQL that writes the rows is this revision's own).
"""
from alembic import op
import sqlalchemy as sa

from danvan.search.text import exact_words, html_to_text, index_text


# revision identifiers, used by Alembic.
revision = '0009_search'
down_revision = '0008_portal'
branch_labels = None
depends_on = None

SQLITE = (
    """CREATE TABLE search_documents (
        article_id INTEGER PRIMARY KEY,
        published_at DATETIME NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        title_exact TEXT NOT NULL
    )""",
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, title_exact,
        content='search_documents', content_rowid='article_id',
        tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
    )""",
    # The few articles still waiting for their time, left out of every search.
    "CREATE INDEX ix_search_documents_published_at ON search_documents (published_at)",
)
POSTGRESQL = (
    """CREATE TABLE search_documents (
        article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        published_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
        document TSVECTOR NOT NULL,
        title_vector TSVECTOR NOT NULL,
        title_exact TSVECTOR NOT NULL
    )""",
    "CREATE INDEX ix_search_documents_document ON search_documents USING GIN (document)",
    "CREATE INDEX ix_search_documents_title ON search_documents USING GIN (title_vector)",
)
SQLITE_ROW = sa.text(
    "INSERT INTO search_documents (article_id, published_at, title, body, title_exact) "
    "VALUES (:id, :published_at, :title, :body, :exact)"
)
POSTGRESQL_ROW = sa.text(
    "INSERT INTO search_documents (article_id, published_at, document, title_vector, title_exact) "
    "VALUES (:id, :published_at, "
    "setweight(to_tsvector('simple', :title), 'A') || setweight(to_tsvector('simple', :body), 'B'),"
    " to_tsvector('simple', :title),"
    " array_to_tsvector(CAST(:exact_list AS text[])))"
)
BATCH = 500


def _backfill(connection, postgresql):
    last_id = 0
    while True:
        batch = connection.execute(
            sa.text(
                "SELECT id, title, summary, body_html, published_at FROM articles "
                "WHERE status = 'published' AND published_at IS NOT NULL AND id > :last "
                "ORDER BY id LIMIT :batch"
            ),
            {"last": last_id, "batch": BATCH},
        ).all()
        if not batch:
            return
        last_id = batch[-1].id
        rows = []
        for row in batch:
            exact = list(dict.fromkeys(exact_words(row.title)))
            rows.append(
                {
                    "id": row.id,
                    # As stored in articles (naive UTC; SQLite's text form), copied unchanged.
                    "published_at": row.published_at,
                    "title": index_text(row.title),
                    "body": index_text(f"{row.summary or ''} {html_to_text(row.body_html)}"),
                    "exact": " ".join(exact),
                    "exact_list": exact,
                }
            )
        connection.execute(POSTGRESQL_ROW if postgresql else SQLITE_ROW, rows)


def upgrade():
    connection = op.get_bind()
    postgresql = connection.dialect.name == 'postgresql'
    for statement in POSTGRESQL if postgresql else SQLITE:
        op.execute(statement)
    _backfill(connection, postgresql)
    if not postgresql:
        op.execute("INSERT INTO search_fts (search_fts) VALUES ('rebuild')")


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        op.execute("DROP TABLE search_fts")
    op.execute("DROP TABLE search_documents")
