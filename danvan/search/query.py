"""Reading a query and ranking the public articles that match it, on SQLite or PostgreSQL.

A query is never handed to the database's query language: it is folded and split into words
here (``text.py``), and the match expression is built from those words, each one quoted. So
quotes, ``*``, ``NEAR``, ``AND``, ``-``, parentheses or ``:`` typed into the box are just
separators or words, never syntax.

Every word must match, in the title or the body, folded (so "dan van" finds "dân vận" and
"Đảng" finds "dang"), or as the syllable it spells in Telex ("vanj"). The order, best first:

1. a bonus, so that a title match always ranks above a body-only match: 8 when the title holds
   the words as a phrase, 4 when it holds them all, 2 when the body holds the phrase, 1 when the
   title holds them with the very diacritics typed (only when some were typed);
2. within the same bonus, the database's relevance: FTS5's bm25 with the title weighted 5 to the
   body's 1, or PostgreSQL's ts_rank (weight A for the title, B for the body);
3. newer first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, text
from sqlalchemy.sql.elements import TextClause

from ..core.database import UTCDateTime
from .text import exact_words, has_diacritics, telex_reading, words

MAX_WORDS = 10  # more words than this add cost and almost never a better answer


@dataclass(frozen=True)
class Terms:
    """What a query looks for (hashable: a cache key)."""

    words: tuple[str, ...]  # folded, in the order typed, without repeats
    choices: tuple[tuple[str, ...], ...]  # for each word: itself, and its Telex reading
    exact: tuple[str, ...] = ()  # the words with their diacritics, when any were typed

    def __bool__(self) -> bool:
        return bool(self.words)

    def every_form(self) -> tuple[str, ...]:
        """Every folded form a matching word may have (for highlighting)."""
        return tuple(dict.fromkeys(form for choice in self.choices for form in choice))


def parse_query(raw: str) -> Terms:
    """The terms of a query typed by a reader; empty when it holds no letter or digit."""
    found = tuple(dict.fromkeys(words(raw)))[:MAX_WORDS]
    choices = tuple(
        (word, reading) if (reading := telex_reading(word)) else (word,) for word in found
    )
    exact: tuple[str, ...] = ()
    if has_diacritics(raw):
        accented = tuple(dict.fromkeys(exact_words(raw)))[:MAX_WORDS]
        exact = accented if len(accented) == len(found) else ()
    return Terms(found, choices, exact)


@dataclass(frozen=True)
class Ranking:
    """One page of a search: how many articles match in all, and this page's ids in order."""

    total: int
    ids: tuple[int, ...]


# --- SQLite: FTS5 -------------------------------------------------------------------------------


def _fts_word(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _fts_all(terms: Terms) -> str:
    return " AND ".join(
        "(" + " OR ".join(_fts_word(form) for form in choice) + ")" for choice in terms.choices
    )


def _fts_phrase(terms: Terms) -> str:
    return _fts_word(" ".join(terms.words))


def _sqlite_expressions(terms: Terms) -> tuple[str, list[tuple[int, str]]]:
    """The MATCH expression, and each bonus with the expression that earns it."""
    every = _fts_all(terms)
    bonuses = [(4, f"title : ({every})")]
    if len(terms.words) > 1:
        bonuses += [(8, f"title : {_fts_phrase(terms)}"), (2, f"body : {_fts_phrase(terms)}")]
    if terms.exact:
        bonuses.append((1, "title_exact : (" + " AND ".join(map(_fts_word, terms.exact)) + ")"))
    return f"{{title body}} : ({every})", bonuses


_SQLITE_FROM = (
    # CROSS JOIN keeps SQLite's planner on this order: the FTS index first, then each match's
    # document row by its key. Its publish time is the document's first column, read without
    # touching the folded text stored after it.
    " FROM search_fts CROSS JOIN search_documents AS d ON d.article_id = search_fts.rowid"
    " WHERE search_fts MATCH :match AND d.published_at <= :now"
)


def _sqlite_queries(terms: Terms) -> tuple[TextClause, TextClause, dict[str, Any]]:
    match, bonuses = _sqlite_expressions(terms)
    parameters: dict[str, Any] = {"match": match}
    bonus = []
    for number, (points, expression) in enumerate(bonuses):
        parameters[f"bonus{number}"] = expression
        bonus.append(
            f"{points} * (search_fts.rowid IN "
            f"(SELECT rowid FROM search_fts WHERE search_fts MATCH :bonus{number}))"
        )
    # Only constant fragments and numbered placeholders are joined; every value is bound.
    page = text(
        "SELECT search_fts.rowid AS id"  # noqa: S608
        + _SQLITE_FROM
        + f" ORDER BY {' + '.join(bonus)} DESC, bm25(search_fts, 5.0, 1.0, 0.0),"
        " search_fts.rowid DESC LIMIT :limit OFFSET :offset"
    )
    count = text("SELECT count(*)" + _SQLITE_FROM)
    return page, count, parameters


# --- PostgreSQL: tsvector ---------------------------------------------------------------------


def _ts_all(terms: Terms, weight: str = "") -> str:
    label = f":{weight}" if weight else ""
    return " & ".join(
        "(" + " | ".join(f"'{form}'{label}" for form in choice) + ")" for choice in terms.choices
    )


def _ts_phrase(terms: Terms, weight: str) -> str:
    return " <-> ".join(f"'{word}':{weight}" for word in terms.words)


def _postgresql_queries(terms: Terms) -> tuple[TextClause, TextClause, dict[str, Any]]:
    # Words are letters, digits and marks only (text.py), so they can sit between quotes.
    parameters: dict[str, Any] = {"match": _ts_all(terms)}
    bonuses = [(4, _ts_all(terms, "A"))]
    if len(terms.words) > 1:
        bonuses += [(8, _ts_phrase(terms, "A")), (2, _ts_phrase(terms, "B"))]
    bonus = []
    for number, (points, expression) in enumerate(bonuses):
        parameters[f"bonus{number}"] = expression
        bonus.append(f"{points} * (d.document @@ to_tsquery('simple', :bonus{number}))::int")
    if terms.exact:
        # The accented title's words were stored as they are (array_to_tsvector): compared as
        # lexemes, with no parser between, so the database's locale plays no part.
        parameters["exact"] = " & ".join(f"'{word}'" for word in terms.exact)
        bonus.append("(d.title_exact @@ CAST(:exact AS tsquery))::int")
    where = (
        " FROM search_documents AS d WHERE d.document @@ to_tsquery('simple', :match)"
        " AND d.published_at <= :now"
    )
    page = text(
        "SELECT d.article_id AS id"  # noqa: S608
        + where
        + f" ORDER BY {' + '.join(bonus)} DESC,"
        " ts_rank(d.document, to_tsquery('simple', :match)) DESC, d.article_id DESC"
        " LIMIT :limit OFFSET :offset"
    )
    count = text("SELECT count(*)" + where)
    return page, count, parameters


def search_queries(
    connection: Connection, terms: Terms
) -> tuple[TextClause, TextClause, dict[str, Any]]:
    """The page query, the count query and their parameters (but ``now``, ``limit``,
    ``offset``) for ``connection``'s database."""
    build = _sqlite_queries if connection.dialect.name == "sqlite" else _postgresql_queries
    page, count, parameters = build(terms)
    now = bindparam("now", type_=UTCDateTime())
    return page.bindparams(now), count.bindparams(now), parameters


def rank(
    connection: Connection, terms: Terms, now: datetime, page: int, per_page: int
) -> Ranking:
    """Page ``page`` (from 1) of the public articles matching ``terms`` at ``now``."""
    page_query, count_query, parameters = search_queries(connection, terms)
    parameters["now"] = now
    total = connection.execute(count_query, parameters).scalar_one()
    if total <= (page - 1) * per_page:
        return Ranking(total, ())
    ids = connection.execute(
        page_query, {**parameters, "limit": per_page, "offset": (page - 1) * per_page}
    ).scalars()
    return Ranking(total, tuple(ids))
