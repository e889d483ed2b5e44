"""The search's queries use the full-text index, never a scan of the articles.

SQLite: ``EXPLAIN QUERY PLAN`` must show the FTS5 table's own index (``VIRTUAL TABLE INDEX``),
each match's document found by its key, and no ``SCAN`` of a real table. PostgreSQL: the plan
must reach the rows through the GIN index (a ``Bitmap Index Scan`` on
``ix_search_documents_document``). Forcing that with ``enable_seqscan = off`` would only show the
index *can* be used; here the planner chooses it by itself, on the statistics a rebuild leaves
(``refresh_statistics``: VACUUM ANALYZE) for a few thousand articles where the words looked for
are rare, as it would on a real site. (A word in every article is better read row by row: the
planner may rightly scan then, so only the rare query's plan is required to use the index.)
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import bindparam, insert, select, text

from danvan.content.models import Article, ArticleStatus
from danvan.core.clock import utcnow
from danvan.core.database import UTCDateTime
from danvan.extensions import db
from danvan.search.index import rebuild_index, refresh_statistics
from danvan.search.query import parse_query
from danvan.search.statements import planner_settings, search_statements
from danvan.search.views import by_ids, load_articles

ARTICLES = 3000
RARE = "Khuyến nông hiếm gặp."
COMMON = "Hội nghị công tác dân vận của Đảng bộ tỉnh, xây dựng nông thôn mới"


@pytest.fixture
def many_articles(empty_app):
    with empty_app.app_context():
        published = utcnow() - timedelta(days=1)
        db.session.execute(
            insert(Article),
            [
                {
                    "title": f"{COMMON} số {number}",
                    "slug": f"bai-{number}",
                    "body_html": f"<p>{COMMON}. {RARE if number % 500 == 0 else ''}</p>",
                    "status": ArticleStatus.PUBLISHED.value,
                    "published_at": published,
                }
                for number in range(ARTICLES)
            ],
        )
        rebuild_index()
        db.session.commit()
        refresh_statistics()  # as `flask search rebuild` does
    return empty_app


def plans(connection, query: str, phrase_tier: bool = True) -> dict[str, str]:
    """Each search statement's plan for ``query``, by statement."""
    statements = search_statements(connection, parse_query(query), phrase_tier)
    parameters = {**statements.parameters, "now": utcnow(), "limit": 10, "offset": 0}
    sqlite = connection.dialect.name == "sqlite"
    prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
    found = {}
    named = {"count_all": statements.count_all}
    for tier in statements.tiers:
        named.update(
            {
                f"{tier.name} count": tier.count,
                tier.name: tier.ranked,
                f"{tier.name} recent": tier.recent,
            }
        )
    for name, statement in named.items():
        explain = text(prefix + statement.text).bindparams(bindparam("now", type_=UTCDateTime()))
        rows = connection.execute(explain, parameters).all()
        found[name] = "\n".join(str(row[-1]) for row in rows)
    return found


@pytest.mark.parametrize("query", ["khuyen nong", "dân vận", "Đảng"])
def test_the_search_queries_use_the_full_text_index(many_articles, query):
    with many_articles.app_context():
        connection = db.session.connection()
        for name, plan in plans(connection, query).items():
            if connection.dialect.name == "sqlite":
                assert "SCAN search_fts VIRTUAL TABLE INDEX" in plan, (name, plan)
                scans = [line for line in plan.splitlines() if line.startswith("SCAN")]
                assert all("VIRTUAL TABLE INDEX" in line for line in scans), (name, plan)
                # The scheduled articles, by the publish time's index, never every document.
                assert "USING COVERING INDEX ix_search_documents_published_at" in plan, plan
            elif query == "khuyen nong":  # rare: the planner picks the indexes by itself
                assert "Bitmap Index Scan on ix_search_documents_" in plan, (name, plan)
                assert "Seq Scan" not in plan, (name, plan)
            assert "articles" not in plan, (name, plan)


def test_with_the_search_settings_a_common_word_is_counted_by_the_index(many_articles):
    # rank() runs its statements in planner_settings(): on PostgreSQL no sequential scan, which
    # would read every matching document from TOAST storage to test it.
    with many_articles.app_context():
        connection = db.session.connection()
        with planner_settings(connection):
            found = plans(connection, "dân vận", phrase_tier=False)
        for name, plan in found.items():
            if connection.dialect.name == "postgresql" and "recent" not in name:
                assert "Bitmap Index Scan on ix_search_documents_" in plan, (name, plan)
            assert "Seq Scan" not in plan and "SCAN search_documents" not in plan, plan
        if connection.dialect.name == "postgresql":
            setting = connection.exec_driver_sql("SHOW enable_seqscan").scalar()
            assert setting == "on"  # given back after the search


def test_loading_a_page_of_results_reads_articles_by_key(many_articles):
    with many_articles.app_context():
        ids = tuple(db.session.scalars(select(Article.id).limit(10)))
        statement = by_ids(ids)
        connection = db.session.connection()
        compiled = statement.compile(
            dialect=connection.dialect, compile_kwargs={"literal_binds": True}
        )
        sqlite = connection.dialect.name == "sqlite"
        explain = f"EXPLAIN QUERY PLAN {compiled}" if sqlite else f"EXPLAIN {compiled}"
        plan = "\n".join(str(row[-1]) for row in connection.exec_driver_sql(explain))
        if sqlite:
            assert "SEARCH articles USING INTEGER PRIMARY KEY" in plan, plan
        else:
            assert "Index Scan on pk_articles" in plan or "Index Scan using pk_articles" in plan
            assert "Seq Scan" not in plan, plan
        assert len(load_articles(ids)) == 10
