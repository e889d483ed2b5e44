"""The feeds' and sitemaps' statements read the articles through an index, never all of them,
and select only the columns they print (SQLite here, PostgreSQL with DANVAN_TEST_DATABASE_URL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from danvan.content.models import Article
from danvan.core.clock import utcnow
from danvan.discovery import queries
from tests.support.query_plans import explain, full_scans

NOW = utcnow()
STATEMENTS = {
    "site feed": queries.feed_statement(NOW, 30),
    "category feed": queries.feed_statement(NOW, 30, [3, 1, 2]),
    "URL count": queries.count_statement(NOW),
    "newest": queries.newest_statement(NOW),
    "sitemap, first page": queries.sitemap_statement(NOW, 0, 49_999),
    "sitemap, later page": queries.sitemap_statement(NOW, 99_999, 50_000),
    "news sitemap": queries.news_statement(NOW, NOW - timedelta(days=2), 1000),
}


@pytest.mark.parametrize("name", STATEMENTS)
def test_no_statement_reads_the_whole_articles_table(empty_app, name):
    with empty_app.app_context():
        assert full_scans(STATEMENTS[name], "articles") == [], explain(STATEMENTS[name])
        assert full_scans(STATEMENTS[name], "categories") == []


def test_the_check_sees_a_table_scan(empty_app):
    with empty_app.app_context():
        assert full_scans(select(Article.id).where(Article.title == "x"), "articles") != []


def test_sitemaps_and_feeds_select_only_what_they_print():
    names = lambda statement: [column.name for column in statement.selected_columns]  # noqa: E731
    assert names(STATEMENTS["sitemap, first page"]) == ["id", "slug", "published_at", "updated_at"]
    assert names(STATEMENTS["news sitemap"]) == ["id", "slug", "title", "published_at"]
    assert names(STATEMENTS["site feed"]) == [
        "id",
        "slug",
        "title",
        "summary",
        "published_at",
        "category_name",
    ]
