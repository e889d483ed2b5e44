"""The SQL of a search, for SQLite (FTS5) and PostgreSQL (tsvector), built from its words.

The words come from ``terms.parse_query``: letters, digits and marks only, each quoted in the
match expression, and the expression itself is a bound parameter. Only constant fragments and
placeholders are joined into the statements' text.

A search is a list of **tiers**, disjoint sets of matching articles shown one after the other
(``query.rank``): when diacritics were typed, the titles holding every word with those very
diacritics; the (other) titles holding every word; for several words, the bodies holding them
as a phrase; the rest. Each tier has a count, a ranked page (in a title tier a title holding
the words as a phrase first; then the database's relevance; then newer first) and a "recent"
page (newer first only), for a body tier too large to rank (``query.RANKED_LIMIT``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, text
from sqlalchemy.sql.elements import TextClause

from ..core.database import UTCDateTime
from .terms import Terms


@dataclass(frozen=True)
class Tier:
    """One tier's statements; the pages take ``:limit`` and ``:offset``."""

    name: str
    count: TextClause
    ranked: TextClause
    recent: TextClause


@dataclass(frozen=True)
class Statements:
    """A search's statements for one database, and the parameters they share (but ``now``,
    ``limit`` and ``offset``)."""

    count_all: TextClause
    tiers: tuple[Tier, ...]
    parameters: dict[str, Any]


def _select(source: str, order: str) -> TextClause:
    return text(f"SELECT {source} ORDER BY {order} LIMIT :limit OFFSET :offset")


def _tier(name: str, key: str, source: str, bonuses: list[str], relevance: str) -> Tier:
    order = (f"{' + '.join(bonuses)} DESC, " if bonuses else "") + f"{relevance}, {key} DESC"
    return Tier(
        name,
        count=text(f"SELECT count(*){source}"),
        ranked=_select(f"{key}{source}", order),
        recent=_select(f"{key}{source}", f"{key} DESC"),
    )


# --- SQLite: FTS5 -------------------------------------------------------------------------------


def _fts_word(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _fts_in(name: str) -> str:
    return (
        "(search_fts.rowid IN (SELECT rowid FROM search_fts"  # noqa: S608 (a placeholder)
        f" WHERE search_fts MATCH :{name}))"
    )


def _fts_matching(name: str) -> str:
    # Only the few scheduled articles' keys are read (by the publish time's index), to leave
    # them out; every other document is public (drafts have none).
    return (
        f" FROM search_fts WHERE search_fts MATCH :{name} AND search_fts.rowid NOT IN"  # noqa: S608
        " (SELECT article_id FROM search_documents WHERE published_at > :now)"
    )


def sqlite_statements(terms: Terms, phrase_tier: bool = True) -> Statements:
    """FTS5 ``MATCH`` expressions over the folded title and body, and the accented title."""
    every = " AND ".join(
        "(" + " OR ".join(_fts_word(form) for form in choice) + ")" for choice in terms.choices
    )
    anywhere, in_title = f"{{title body}} : ({every})", f"title : ({every})"
    quoted = _fts_word(" ".join(terms.words))  # FTS5 reads a quoted run of words as a phrase
    several = len(terms.words) > 1
    parameters: dict[str, Any] = {"all": anywhere, "title_phrase": f"title : {quoted}"}
    bonuses = [_fts_in("title_phrase")] if several else []
    # bm25 counts only the phrases a tier's expression names: a title tier is ranked by its
    # title, a body tier by its body.
    relevance, key = "bm25(search_fts, 5.0, 1.0, 5.0)", "search_fts.rowid"
    tiers = []
    if terms.exact:
        exact = "title_exact : (" + " AND ".join(map(_fts_word, terms.exact)) + ")"
        parameters.update(exact=exact, title=f"({in_title}) NOT ({exact})")
        tiers.append(_tier("exact", key, _fts_matching("exact"), bonuses, relevance))
    else:
        parameters["title"] = in_title
    tiers.append(_tier("title", key, _fts_matching("title"), bonuses, relevance))
    rest = f"({anywhere}) NOT ({in_title})"
    if several and phrase_tier:
        phrase = f"body : {quoted}"
        parameters["phrase"] = f"({phrase}) NOT ({in_title})"
        tiers.append(_tier("phrase", key, _fts_matching("phrase"), [], relevance))
        rest += f" NOT ({phrase})"
    parameters["rest"] = rest
    tiers.append(_tier("rest", key, _fts_matching("rest"), [], relevance))
    count_all = text("SELECT count(*)" + _fts_matching("all"))
    return Statements(count_all, tuple(tiers), parameters)


# --- PostgreSQL: tsvector ---------------------------------------------------------------------


def postgresql_statements(terms: Terms, phrase_tier: bool = True) -> Statements:
    """tsquery conditions over the document (title A, body B), the title alone, and the
    accented title's words."""
    parameters: dict[str, Any] = {
        "match": " & ".join(
            "(" + " | ".join(f"'{form}'" for form in choice) + ")" for choice in terms.choices
        )
    }
    query = "to_tsquery('simple', :match)"
    visible = " AND d.published_at <= :now"
    anywhere = f" FROM search_documents AS d WHERE d.document @@ {query}{visible}"
    in_title = f" FROM search_documents AS d WHERE d.title_vector @@ {query}{visible}"
    several = len(terms.words) > 1
    bonuses = []
    if several:
        parameters["title_phrase"] = " <-> ".join(f"'{word}'" for word in terms.words)
        bonuses.append("(d.title_vector @@ to_tsquery('simple', :title_phrase))::int")
    # A title tier is ranked by its title (small, stored in the row), a body tier by the
    # whole document.
    title_relevance = f"ts_rank(d.title_vector, {query}) DESC"
    relevance, key = f"ts_rank(d.document, {query}) DESC", "d.article_id"
    tiers = []
    if terms.exact:
        # The accented title's words were stored as they are (array_to_tsvector): compared as
        # lexemes, with no parser between, so the database's locale plays no part. Found
        # among the title matches, by the title's index.
        parameters["exact"] = " & ".join(f"'{word}'" for word in terms.exact)
        exact = "d.title_exact @@ CAST(:exact AS tsquery)"
        tiers.append(_tier("exact", key, f"{in_title} AND {exact}", bonuses, title_relevance))
        in_title += f" AND NOT {exact}"
    tiers.append(_tier("title", key, in_title, bonuses, title_relevance))
    rest = f"{anywhere} AND NOT d.title_vector @@ {query}"
    if several and phrase_tier:
        parameters["phrase"] = " <-> ".join(f"'{word}':B" for word in terms.words)
        phrase = "d.document @@ to_tsquery('simple', :phrase)"
        tiers.append(_tier("phrase", key, f"{rest} AND {phrase}", [], relevance))
        rest += f" AND NOT {phrase}"
    tiers.append(_tier("rest", key, rest, [], relevance))
    return Statements(text("SELECT count(*)" + anywhere), tuple(tiers), parameters)


def search_statements(connection: Connection, terms: Terms, phrase_tier: bool = True) -> Statements:
    """The search's statements for ``connection``'s database; with ``phrase_tier`` false, the
    bodies holding the phrase are not set apart (they stay in the last tier)."""
    sqlite = connection.dialect.name == "sqlite"
    build = sqlite_statements if sqlite else postgresql_statements
    built = build(terms, phrase_tier)
    now = bindparam("now", type_=UTCDateTime())

    def bound(statement: TextClause) -> TextClause:
        return statement.bindparams(now)

    return Statements(
        bound(built.count_all),
        tuple(
            Tier(tier.name, bound(tier.count), bound(tier.ranked), bound(tier.recent))
            for tier in built.tiers
        ),
        built.parameters,
    )


@contextmanager
def planner_settings(connection: Connection) -> Iterator[None]:
    """The search's statements run here: on PostgreSQL, without sequential scans.

    PostgreSQL estimates a sequential scan of ``search_documents`` cheaper than its GIN index
    for a word in most articles, not counting that testing each row reads its document from
    TOAST storage: counting "dân vận" at 50,000 articles takes about 125 ms that way and 15 ms
    through the index (which answers a plain word query exactly, without reading documents).
    ``SET LOCAL`` lasts until the statements are done (or the transaction ends, on an error).
    """
    postgresql = connection.dialect.name == "postgresql"
    if postgresql:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    yield
    if postgresql:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = DEFAULT")
