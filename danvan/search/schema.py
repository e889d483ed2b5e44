"""The search index's tables, which the models do not describe: each database has its own.

SQLite: ``search_documents`` holds, per published article, its publish time and the folded title,
folded body and accented title (``text.py``); ``search_fts`` is an FTS5 index over it (external
content, so the text is stored once and a row can be deleted with the values it was indexed
with). PostgreSQL: ``search_documents`` holds the publish time, a ``tsvector`` of the folded title
(weight A) and body (weight B) from the ``simple`` configuration, one of the folded title alone
(a title match is the first tier of the ranking and must not need the whole document), both
GIN-indexed, and the accented title's words.

``search_official`` (and ``search_official_fts``) index the documents (Văn bản) the same way,
with their number and symbol as a column of its own (``document_index.py``).

Migrations ``0009_search`` and ``0011_documents`` create them on a real site; tests build
their schema with ``create_all``, which runs ``create_schema`` through the metadata's
``after_create`` event.
Alembic's autogenerate must not take them for tables to drop: ``include_name`` says so, in
``migrations/env.py`` and in ``tests/test_migrations.py``.
"""

from __future__ import annotations

from sqlalchemy import Connection, MetaData, event

SQLITE: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS search_documents (
        article_id INTEGER PRIMARY KEY,
        published_at DATETIME NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        title_exact TEXT NOT NULL
    )""",
    # The text arrives folded and split already; the tokenizer only cuts at the spaces. Marks
    # (M*) are word characters for the accented title, and remove_diacritics 0 keeps them.
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        title, body, title_exact,
        content='search_documents', content_rowid='article_id',
        tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
    )""",
    # The few articles still waiting for their time, left out of every search.
    "CREATE INDEX IF NOT EXISTS ix_search_documents_published_at"
    " ON search_documents (published_at)",
)
# Documents (Văn bản, danvan/documents/): their number and symbol folded ("15 hd bdvtu"), their
# folded title, and the rest they are found by (summary, issuing body, signer), folded.
SQLITE_OFFICIAL = (
    """CREATE TABLE IF NOT EXISTS search_official (
        document_id INTEGER PRIMARY KEY,
        number TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL
    )""",
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_official_fts USING fts5(
        number, title, body,
        content='search_official', content_rowid='document_id',
        tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
    )""",
)
SQLITE += SQLITE_OFFICIAL
SQLITE_DROP = (
    "DROP TABLE IF EXISTS search_official_fts",
    "DROP TABLE IF EXISTS search_official",
    "DROP TABLE IF EXISTS search_fts",
    "DROP TABLE IF EXISTS search_documents",
)

POSTGRESQL: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS search_documents (
        article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        published_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
        document TSVECTOR NOT NULL,
        title_vector TSVECTOR NOT NULL,
        title_exact TSVECTOR NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS ix_search_documents_document"
    " ON search_documents USING GIN (document)",
    "CREATE INDEX IF NOT EXISTS ix_search_documents_title"
    " ON search_documents USING GIN (title_vector)",
)
POSTGRESQL_OFFICIAL = (
    """CREATE TABLE IF NOT EXISTS search_official (
        document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
        number TSVECTOR NOT NULL,
        document TSVECTOR NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS ix_search_official_document"
    " ON search_official USING GIN (document)",
)
POSTGRESQL += POSTGRESQL_OFFICIAL
POSTGRESQL_DROP = ("DROP TABLE IF EXISTS search_official", "DROP TABLE IF EXISTS search_documents")


def is_search_table(name: str) -> bool:
    """True for the index's tables, FTS5's own shadow tables (``search_fts_data``…) included."""
    return name in ("search_documents", "search_fts", "search_official") or name.startswith(
        ("search_fts_", "search_official_fts")
    )


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's ``include_name`` hook: leave the search tables out of autogenerate."""
    return not (type_ == "table" and name is not None and is_search_table(name))


def _statements(connection: Connection, drop: bool) -> tuple[str, ...]:
    name = connection.dialect.name
    if name == "sqlite":
        return SQLITE_DROP if drop else SQLITE
    if name == "postgresql":
        return POSTGRESQL_DROP if drop else POSTGRESQL
    raise RuntimeError(f"unsupported database backend: {name}")


def create_schema(connection: Connection) -> None:
    """Create the index's tables (empty) on ``connection``'s database, unless they exist."""
    for statement in _statements(connection, drop=False):
        connection.exec_driver_sql(statement)


def drop_schema(connection: Connection) -> None:
    """Drop the index's tables, if there."""
    for statement in _statements(connection, drop=True):
        connection.exec_driver_sql(statement)


def _after_create(target: MetaData, connection: Connection, **kw: object) -> None:
    create_schema(connection)


def _before_drop(target: MetaData, connection: Connection, **kw: object) -> None:
    # First: on PostgreSQL the index's foreign key would keep ``articles`` from being dropped.
    drop_schema(connection)


def install(metadata: MetaData) -> None:
    """Make ``create_all`` / ``drop_all`` of ``metadata`` create and drop the index too."""
    if not event.contains(metadata, "after_create", _after_create):
        event.listen(metadata, "after_create", _after_create)
        event.listen(metadata, "before_drop", _before_drop)
