"""Reading a query and ranking the public articles that match it, on SQLite or PostgreSQL.

A query is never handed to the database's query language: it is folded and split into words
here (``text.py``), and the match expression is built from those words, each one quoted. So
quotes, ``*``, ``NEAR``, ``AND``, ``-``, parentheses or ``:`` typed into the box are just
separators or words, never syntax.

Every word must match, in the title or the body, folded (so "dan van" finds "dân vận" and
"Đảng" finds "dang"), or as the syllable it spells in Telex ("vanj"). The order, best first:

1. tiers, one after the other (``statements.py``): when diacritics were typed, the titles
   holding every word with **exactly those diacritics** ("Đảng" finds "Đảng bộ" before "đang
   triển khai"); the (other) articles whose **title** holds every word, so a title match always
   ranks above a body-only match; for several words, those whose body holds them as a
   **phrase** ("dân vận", not "vận … dân"); then the **rest**;
2. in a title tier, the titles holding the words as a phrase first;
3. the database's relevance: FTS5's bm25, or PostgreSQL's ts_rank, of the title in a title
   tier and of the body in a body tier;
4. newer first.

Past ``PHRASE_LIMIT`` matches in all, the phrase tier is not set apart (its cost grows with
every match, see ``_rank``). A body tier of more than ``RANKED_LIMIT`` articles is shown newest
first, without 3.: its words
are then in a good part of the site ("công tác dân vận của Đảng" on a Ban Dân vận site), where
bm25 can say little (FTS5 takes the weight of a word found in over half of the articles as
nearly 0) and ranking every match costs more than a page may (about 1 µs a match and a word
on SQLite, more with PostgreSQL's documents read whole). Titles are short: a title tier is
always ranked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.sql.elements import TextClause

from .statements import planner_settings, search_statements
from .terms import Terms, parse_query

__all__ = ["PHRASE_LIMIT", "RANKED_LIMIT", "Ranking", "Terms", "parse_query", "rank"]

RANKED_LIMIT = 2000  # a body tier larger than this is shown newest first (see above)
PHRASE_LIMIT = 10_000  # past this many matches, bodies holding the phrase are not set apart


@dataclass(frozen=True)
class Ranking:
    """One page of a search: how many articles match in all, and this page's ids in order."""

    total: int
    ids: tuple[int, ...]


def _run(connection: Connection, statement: TextClause, parameters: dict[str, Any], **extra):
    # Each statement reads the parameters it names and ignores the others.
    return connection.execute(statement, {**parameters, **extra})


def rank(connection: Connection, terms: Terms, now: datetime, page: int, per_page: int) -> Ranking:
    """Page ``page`` (from 1) of the public articles matching ``terms`` at ``now``.

    The tiers are walked in order: each one's size says whether the page starts in it, and
    whether it is small enough to rank; the last one's size is what the others leave.
    """
    with planner_settings(connection):
        return _rank(connection, terms, now, page, per_page)


def _rank(connection: Connection, terms: Terms, now: datetime, page: int, per_page: int):
    statements = search_statements(connection, terms)
    parameters = {**statements.parameters, "now": now}
    total = _run(connection, statements.count_all, parameters).scalar_one()
    if total > PHRASE_LIMIT:
        # Finding a phrase means reading the positions of every match (on PostgreSQL, every
        # matching document whole): among this many, the phrase tier would cost more than a
        # page may. Its bodies stay in the rest, newest first.
        statements = search_statements(connection, terms, phrase_tier=False)
        parameters = {**statements.parameters, "now": now}
    skip, wanted, left = (page - 1) * per_page, per_page, total
    ids: list[int] = []
    for number, tier in enumerate(statements.tiers):
        if wanted == 0 or left == 0:
            break
        last = number == len(statements.tiers) - 1
        size = left if last else _run(connection, tier.count, parameters).scalar_one()
        left -= size
        if skip >= size:
            skip -= size
            continue
        ranked = size <= RANKED_LIMIT or tier.name in ("exact", "title")
        statement = tier.ranked if ranked else tier.recent
        found = list(_run(connection, statement, parameters, limit=wanted, offset=skip).scalars())
        ids += found
        wanted -= len(found)
        skip = 0
    return Ranking(total, tuple(ids))
