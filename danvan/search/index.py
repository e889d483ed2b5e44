"""Keeping the search index in step with the articles.

What is indexed: every article whose status is published, with its publish time; a scheduled
one is in the index before its time and the search leaves it out until then (``query.py``
compares the stored time with now). A draft, an unpublished or a deleted article has no row.

How it stays in step: after every ORM flush (``after_flush``, inside the writer's transaction),
the articles that were added, deleted, or changed in a field the index reads are re-read from
the database and their rows replaced. So every writer that goes through the session — the
editor, the sample content, the tests, an importer or a seeding command written later — keeps
the index right without knowing it exists, and a rollback takes the index change back with the
article's. Writers that bypass the ORM (``insert(Article)`` in bulk, raw SQL) call
``reindex_articles(ids)`` or, after a bulk load, ``rebuild_index()``
(``flask --app app search rebuild``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from ..content.models import Article, ArticleStatus
from ..core.database import UTCDateTime
from ..extensions import db
from .changes import after_every_flush, changed_ids
from .text import exact_words, html_to_text, index_text

# The fields a document is made of; a change to any other (view_count…) leaves it alone.
INDEXED_FIELDS = ("title", "summary", "body_html", "status", "published_at")
BATCH = 500


@dataclass(frozen=True)
class Document:
    """One article as the index stores it."""

    article_id: int
    published_at: datetime
    title: str  # folded
    body: str  # the summary and the body's plain text, folded
    title_exact: str  # the title's words with their diacritics


def document_for(row: Any) -> Document | None:
    """The document of an article row (id, title, summary, body_html, status, published_at),
    or None when the article is not published."""
    if row.status != ArticleStatus.PUBLISHED.value or row.published_at is None:
        return None
    return Document(
        article_id=row.id,
        published_at=row.published_at,
        title=index_text(row.title),
        body=index_text(f"{row.summary or ''} {html_to_text(row.body_html)}"),
        title_exact=" ".join(dict.fromkeys(exact_words(row.title))),
    )


_ARTICLE_COLUMNS = (
    Article.id,
    Article.title,
    Article.summary,
    Article.body_html,
    Article.status,
    Article.published_at,
)
_IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)
_SQLITE_FORGET = (
    # External content: FTS5 deletes a row given the values it indexed, read back here.
    text(
        "INSERT INTO search_fts (search_fts, rowid, title, body, title_exact) "
        "SELECT 'delete', article_id, title, body, title_exact FROM search_documents "
        "WHERE article_id IN :ids"
    ).bindparams(_IDS),
    text("DELETE FROM search_documents WHERE article_id IN :ids").bindparams(_IDS),
)
_SQLITE_STORE = text(
    "INSERT INTO search_documents (article_id, published_at, title, body, title_exact) "
    "VALUES (:article_id, :published_at, :title, :body, :title_exact)"
).bindparams(bindparam("published_at", type_=UTCDateTime()))
_SQLITE_INDEX = text(
    "INSERT INTO search_fts (rowid, title, body, title_exact) "
    "VALUES (:article_id, :title, :body, :title_exact)"
)
_POSTGRESQL_FORGET = text("DELETE FROM search_documents WHERE article_id IN :ids").bindparams(_IDS)
# An upsert: two transactions indexing one new article at once must not collide on the key.
_POSTGRESQL_STORE = text(
    "INSERT INTO search_documents (article_id, published_at, document, title_vector, title_exact) "
    "VALUES (:article_id, :published_at, "
    "setweight(to_tsvector('simple', :title), 'A') || setweight(to_tsvector('simple', :body), 'B'),"
    " to_tsvector('simple', :title),"
    " array_to_tsvector(CAST(:exact AS text[]))) "
    "ON CONFLICT (article_id) DO UPDATE SET published_at = excluded.published_at, "
    "document = excluded.document, title_vector = excluded.title_vector, "
    "title_exact = excluded.title_exact"
).bindparams(bindparam("published_at", type_=UTCDateTime()))


def _parameters(document: Document) -> dict[str, Any]:
    values = document.__dict__.copy()
    values["exact"] = document.title_exact.split()
    return values


def _forget(connection: Connection, ids: list[int]) -> None:
    if connection.dialect.name == "sqlite":
        for statement in _SQLITE_FORGET:
            connection.execute(statement, {"ids": ids})
    else:
        connection.execute(_POSTGRESQL_FORGET, {"ids": ids})


def _store(connection: Connection, documents: list[Document], fts: bool = True) -> None:
    if not documents:
        return
    rows = [_parameters(document) for document in documents]
    if connection.dialect.name == "sqlite":
        connection.execute(_SQLITE_STORE, rows)
        if fts:
            connection.execute(_SQLITE_INDEX, rows)
    else:
        connection.execute(_POSTGRESQL_STORE, rows)


def _chunks(ids: Iterable[int], size: int = BATCH) -> Iterator[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


def reindex_articles(ids: Iterable[int], connection: Connection | None = None) -> None:
    """Make the index hold exactly what the database says of these articles now.

    Runs in ``connection`` (the caller's transaction) or the current session's; the caller
    commits. Unknown ids and unpublished articles lose their row.
    """
    connection = connection or db.session.connection()
    for chunk in _chunks(ids):
        rows = connection.execute(select(*_ARTICLE_COLUMNS).where(Article.id.in_(chunk)))
        documents = [document for row in rows if (document := document_for(row))]
        _forget(connection, chunk)
        _store(connection, documents)


def reindex_article(article: Article) -> None:
    """``reindex_articles`` for one article (flushed first, so its id and values are there)."""
    db.session.flush()
    reindex_articles([article.id])


def rebuild_index(connection: Connection | None = None) -> int:
    """Empty the index and index every published article again; returns how many.

    For after a bulk load or a restore. In ``connection`` or the session's; the caller commits.
    On SQLite the documents are written first and FTS5 builds its index from them in one pass.
    """
    connection = connection or db.session.connection()
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
    connection.exec_driver_sql("DELETE FROM search_documents")
    count, last_id = 0, 0
    published = select(*_ARTICLE_COLUMNS).where(Article.status == ArticleStatus.PUBLISHED.value)
    while True:
        # Keyset batches: memory stays at one batch of bodies whatever the number of articles.
        batch = connection.execute(
            published.where(Article.id > last_id).order_by(Article.id).limit(BATCH)
        ).all()
        if not batch:
            break
        last_id = batch[-1].id
        documents = [document for row in batch if (document := document_for(row))]
        _store(connection, documents, fts=not sqlite)
        count += len(documents)
    if sqlite:
        connection.exec_driver_sql("INSERT INTO search_fts (search_fts) VALUES ('rebuild')")
        connection.exec_driver_sql("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    return count


def refresh_statistics() -> None:
    """After a rebuild, once committed: on PostgreSQL, VACUUM ANALYZE the index table.

    Until then the GIN index's new entries wait in its pending list and the planner has no
    statistics for them, and it prefers reading every row to the index (autovacuum gets there
    in its own time). SQLite needs nothing: ``rebuild_index`` has merged FTS5's segments.
    """
    if db.engine.dialect.name != "postgresql":
        return
    # VACUUM refuses to run inside a transaction.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE search_documents")


def changed_article_ids(session: Session) -> set[int]:
    """The articles a flush added, deleted or changed in a field the index reads."""
    return changed_ids(
        session, Article, INDEXED_FIELDS, lambda item: item.status == ArticleStatus.PUBLISHED.value
    )


def _after_flush(session: Session, flush_context: object) -> None:
    # The history of each attribute still shows this flush's changes here, and the rows are
    # written: re-reading them gives the state the transaction will commit.
    if ids := changed_article_ids(session):
        reindex_articles(ids, session.connection())


def install() -> None:
    """Keep the index in step with every flush of the site's session (once per process)."""
    after_every_flush(_after_flush)
