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
from danvan.search.query import parse_query, search_queries
from danvan.search.views import load_articles

ARTICLES = 3000
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
                    "body_html": f"<p>{COMMON}. {'Khuyến nông hiếm gặp.' if number % 500 == 0 else ''}</p>",
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


def plans(connection, query: str) -> list[str]:
    page, count, parameters = search_queries(connection, parse_query(query))
    parameters.update(now=utcnow(), limit=10, offset=0)
    sqlite = connection.dialect.name == "sqlite"
    prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
    found = []
    for statement in (page, count):
        explain = text(prefix + statement.text).bindparams(bindparam("now", type_=UTCDateTime()))
        used = {name: value for name, value in parameters.items() if f":{name}" in statement.text}
        rows = connection.execute(explain, used).all()
        found.append("\n".join(str(row[-1]) for row in rows))
    return found


@pytest.mark.parametrize("query", ["khuyen nong", "dân vận", "Đảng"])
def test_the_search_queries_use_the_full_text_index(many_articles, query):
    with many_articles.app_context():
        connection = db.session.connection()
        for plan in plans(connection, query):
            if connection.dialect.name == "sqlite":
                assert "SCAN search_fts VIRTUAL TABLE INDEX" in plan, plan
                assert "SEARCH d USING INTEGER PRIMARY KEY" in plan, plan
                scans = [line for line in plan.splitlines() if line.startswith("SCAN")]
                assert all("VIRTUAL TABLE INDEX" in line for line in scans), plan
            elif query == "khuyen nong":  # rare: the planner picks the index by itself
                assert "Bitmap Index Scan on ix_search_documents_document" in plan, plan
                assert "Seq Scan" not in plan, plan
            assert "articles" not in plan, plan


def test_loading_a_page_of_results_reads_articles_by_key(many_articles):
    with many_articles.app_context():
        ids = tuple(db.session.scalars(select(Article.id).limit(10)))
        statement = select(Article).where(Article.id.in_(ids))
        connection = db.session.connection()
        if connection.dialect.name != "sqlite":
            pytest.skip("PostgreSQL reads ten keys by its primary key index or a tiny scan")
        compiled = statement.compile(
            dialect=connection.dialect, compile_kwargs={"literal_binds": True}
        )
        plan = "\n".join(
            row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")
        )
        assert "SEARCH articles USING INTEGER PRIMARY KEY" in plan, plan
        assert len(load_articles(ids)) == 10
