"""Keeping the documents' search index (``search_official``) in step with the documents.

Like the articles' index (``index.py``): only published documents have a row; after every ORM
flush the documents added, deleted or changed in a field the index reads are re-read and their
rows replaced, in the writer's transaction; ``rebuild_documents`` indexes them all again. The
number and symbol is a column of its own, so a search for "15-HD/BDVTU" or "15-HD" finds the
document by its number first (``document_query.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, bindparam, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from ..documents.models import Document
from ..extensions import db
from .changes import after_every_flush, changed_ids
from .text import index_text

INDEXED_FIELDS = ("number_symbol", "title", "summary", "issuing_body", "signer", "published")
BATCH = 500

_COLUMNS = (
    Document.id,
    Document.number_symbol,
    Document.title,
    Document.summary,
    Document.issuing_body,
    Document.signer,
    Document.published,
)
_IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)
_SQLITE_FORGET = (
    text(
        "INSERT INTO search_official_fts (search_official_fts, rowid, number, title, body) "
        "SELECT 'delete', document_id, number, title, body FROM search_official "
        "WHERE document_id IN :ids"
    ).bindparams(_IDS),
    text("DELETE FROM search_official WHERE document_id IN :ids").bindparams(_IDS),
)
_SQLITE_STORE = (
    text(
        "INSERT INTO search_official (document_id, number, title, body) "
        "VALUES (:document_id, :number, :title, :body)"
    ),
    text(
        "INSERT INTO search_official_fts (rowid, number, title, body) "
        "VALUES (:document_id, :number, :title, :body)"
    ),
)
_POSTGRESQL_FORGET = text("DELETE FROM search_official WHERE document_id IN :ids").bindparams(_IDS)
_POSTGRESQL_STORE = text(
    "INSERT INTO search_official (document_id, number, document) "
    "VALUES (:document_id, to_tsvector('simple', :number), "
    "setweight(to_tsvector('simple', :number), 'A')"
    " || setweight(to_tsvector('simple', :title), 'A')"
    " || setweight(to_tsvector('simple', :body), 'B')) "
    "ON CONFLICT (document_id) DO UPDATE SET number = excluded.number,"
    " document = excluded.document"
)


def row_values(row: Any) -> dict[str, Any] | None:
    """What the index stores for a document row, or None when it is not published."""
    if not row.published:
        return None
    return {
        "document_id": row.id,
        "number": index_text(row.number_symbol),
        "title": index_text(row.title),
        "body": index_text(f"{row.summary or ''} {row.issuing_body or ''} {row.signer or ''}"),
    }


def _forget(connection: Connection, ids: list[int]) -> None:
    if connection.dialect.name == "sqlite":
        for statement in _SQLITE_FORGET:
            connection.execute(statement, {"ids": ids})
    else:
        connection.execute(_POSTGRESQL_FORGET, {"ids": ids})


def _store(connection: Connection, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    if connection.dialect.name == "sqlite":
        for statement in _SQLITE_STORE:
            connection.execute(statement, rows)
    else:
        connection.execute(_POSTGRESQL_STORE, rows)


def reindex_documents(ids: Iterable[int], connection: Connection | None = None) -> None:
    """Make the index hold what the database says of these documents now (caller commits)."""
    connection = connection or db.session.connection()
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), BATCH):
        chunk = ordered[start : start + BATCH]
        found = connection.execute(select(*_COLUMNS).where(Document.id.in_(chunk)))
        rows = [values for row in found if (values := row_values(row))]
        _forget(connection, chunk)
        _store(connection, rows)


def rebuild_documents(connection: Connection | None = None) -> int:
    """Empty the documents' index and index every published document again; how many."""
    connection = connection or db.session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(
            "INSERT INTO search_official_fts (search_official_fts) VALUES ('delete-all')"
        )
    connection.exec_driver_sql("DELETE FROM search_official")
    count, last_id = 0, 0
    published = select(*_COLUMNS).where(Document.published.is_(True))
    while True:
        batch = connection.execute(
            published.where(Document.id > last_id).order_by(Document.id).limit(BATCH)
        ).all()
        if not batch:
            return count
        last_id = batch[-1].id
        rows = [values for row in batch if (values := row_values(row))]
        _store(connection, rows)
        count += len(rows)


def changed_document_ids(session: Session) -> set[int]:
    """The documents a flush added, deleted or changed in a field the index reads."""
    return changed_ids(session, Document, INDEXED_FIELDS, lambda item: item.published)


def _after_flush(session: Session, flush_context: object) -> None:
    if ids := changed_document_ids(session):
        reindex_documents(ids, session.connection())


def install() -> None:
    """Keep the documents' index in step with every flush of the site's session."""
    after_every_flush(_after_flush)
