"""Finding documents by their words, on SQLite (FTS5) or PostgreSQL (tsvector).

A reader types a number and symbol ("15-HD/BDVTU", or just "15-HD") or words of a title. The
query is folded into words (``terms.parse_query``), each quoted into the match expression,
which is a bound parameter, as for articles. Every word must be in the number, the title or
the rest; the documents whose **number** holds the words as a phrase come first, then (SQLite)
those whose title holds them all, then by relevance, then the newer (larger id) first.

The ranking sorts every match. A committee issues tens to hundreds of documents a year, so a
search reads at most a few thousand index entries; the articles' tiers (``query.py``) are for
a table a hundred times larger and are not needed here. Past ``RANKED_LIMIT`` matches (a word
in most documents, such as the committee's symbol) they are shown newest first instead, as
the articles' large body tier is: ranking them all would cost more than the page may. The
search page shows a few documents above the articles; the list ``/van-ban/?q=`` uses
``matching_ids`` as one more filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Integer, Select, column, false, select, text
from sqlalchemy.sql.selectable import TextualSelect

from ..documents.models import Document
from ..extensions import db
from .statements import planner_settings
from .terms import Terms, parse_query


@dataclass(frozen=True)
class DocumentHits:
    """How many documents match, and the best ``limit`` of them, in order."""

    total: int
    ids: tuple[int, ...]


def _fts_word(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


RANKED_LIMIT = 2000


def _sqlite(terms: Terms) -> tuple[str, str, dict[str, Any]]:
    every = " AND ".join(
        "(" + " OR ".join(_fts_word(form) for form in choice) + ")" for choice in terms.choices
    )
    parameters = {
        "doc_all": f"{{number title body}} : ({every})",
        "doc_number": f"number : {_fts_word(' '.join(terms.words))}",
        "doc_title": f"title : ({every})",
    }
    matching = " FROM search_official_fts WHERE search_official_fts MATCH :doc_all"
    order = (
        "(rowid IN (SELECT rowid FROM search_official_fts WHERE search_official_fts MATCH"
        " :doc_number)) DESC, (rowid IN (SELECT rowid FROM search_official_fts WHERE"
        " search_official_fts MATCH :doc_title)) DESC,"
        " bm25(search_official_fts, 10.0, 5.0, 1.0), rowid DESC"
    )
    return matching, f"SELECT rowid{matching} ORDER BY {order} LIMIT :limit", parameters


def _postgresql(terms: Terms) -> tuple[str, str, dict[str, Any]]:
    parameters = {
        "doc_all": " & ".join(
            "(" + " | ".join(f"'{form}'" for form in choice) + ")" for choice in terms.choices
        ),
        "doc_number": " <-> ".join(f"'{word}'" for word in terms.words),
    }
    query = "to_tsquery('simple', :doc_all)"
    matching = f" FROM search_official AS d WHERE d.document @@ {query}"
    order = (
        "(d.number @@ to_tsquery('simple', :doc_number))::int DESC,"
        f" ts_rank(d.document, {query}) DESC, d.document_id DESC"
    )
    return matching, f"SELECT d.document_id{matching} ORDER BY {order} LIMIT :limit", parameters


def _key(connection: Connection) -> str:
    return "rowid" if connection.dialect.name == "sqlite" else "d.document_id"


def _statements(connection: Connection, terms: Terms) -> tuple[str, str, dict[str, Any]]:
    build = _sqlite if connection.dialect.name == "sqlite" else _postgresql
    return build(terms)


def find_documents(terms: Terms, limit: int, connection: Connection | None = None) -> DocumentHits:
    """The published documents matching ``terms``: their count and the best ``limit``."""
    connection = connection or db.session.connection()
    matching, ranked, parameters = _statements(connection, terms)
    with planner_settings(connection):
        total = connection.execute(text("SELECT count(*)" + matching), parameters).scalar_one()
        if total > RANKED_LIMIT:
            key = _key(connection)
            ranked = f"SELECT {key}{matching} ORDER BY {key} DESC LIMIT :limit"
        ids = (
            tuple(connection.execute(text(ranked), {**parameters, "limit": limit}).scalars())
            if total
            else ()
        )
    return DocumentHits(total, ids)


def matching_ids(raw: str) -> Select | TextualSelect:
    """The ids of the published documents matching the words of ``raw``, for an ``IN``."""
    terms = parse_query(raw)
    if not terms:
        return select(Document.id).where(false())
    connection = db.session.connection()
    matching, _, parameters = _statements(connection, terms)
    key = _key(connection)
    used = {name: value for name, value in parameters.items() if f":{name}" in matching}
    return text(f"SELECT {key}{matching}").bindparams(**used).columns(column("id", Integer))
