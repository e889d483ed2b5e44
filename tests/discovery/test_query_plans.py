"""The feeds and sitemaps read the articles through an index, never the whole table (the plans
of the statements each document really runs; SQLite here, PostgreSQL with
DANVAN_TEST_DATABASE_URL), and select only the columns they print."""

from __future__ import annotations

from datetime import timedelta

import pytest

from danvan.content.sample import load_sample_content
from danvan.core.clock import utcnow
from danvan.demo.seed import seed_demo
from danvan.discovery import queries, sitemaps
from tests.discovery.conftest import SITE
from tests.support.query_plans import scans_while

DOCUMENTS = (
    "/rss.xml",
    "/chuyen-muc/tin-tuc/rss.xml",  # a category with categories inside it
    "/chuyen-muc/tin-hoat-dong/rss.xml",
    "/sitemap.xml",  # an index: the limit is lowered below
    "/sitemap-1.xml",
    "/sitemap-3.xml",  # a later page: an offset
    "/sitemap-news.xml",
)


@pytest.fixture
def big_site(app_factory, monkeypatch):
    """The sample site plus 600 demonstration articles in forty categories, 250 URLs a file."""
    monkeypatch.setattr(sitemaps, "URLS_PER_SITEMAP", 250)
    app = app_factory(SITE_URL=SITE)
    with app.app_context():
        load_sample_content()
        seed_demo(600)
    return app


@pytest.mark.parametrize("path", DOCUMENTS)
def test_no_document_reads_the_whole_articles_table(big_site, path):
    client = big_site.test_client()

    def request():
        response = client.get(path, base_url=SITE)
        assert response.status_code == 200, path

    statements, scans = scans_while(big_site, "articles", request)
    assert statements >= 1  # the document's own statement was read and checked
    assert scans == {}, f"{path}: {scans}"


def test_sitemaps_and_feeds_select_only_what_they_print():
    now = utcnow()

    def names(statement):
        return [column.name for column in statement.selected_columns]

    assert names(queries.sitemap_statement(now, 0, 10)) == [
        "id",
        "slug",
        "published_at",
        "updated_at",
    ]
    assert names(queries.news_statement(now, now - timedelta(days=2), 10)) == [
        "id",
        "slug",
        "title",
        "published_at",
    ]
    for category_ids in (None, [1, 2]):
        assert names(queries.feed_statement(now, 30, category_ids)) == [
            "id",
            "slug",
            "title",
            "summary",
            "published_at",
            "category_name",
        ]
