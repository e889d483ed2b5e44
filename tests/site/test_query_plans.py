"""No public page reads the whole articles table: the plans of the statements each page really
runs, on SQLite and on PostgreSQL (tests/support/query_plans.py says how they are read)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from danvan.content.models import Article, ArticleStatus, Tag
from danvan.demo.seed import seed_demo
from danvan.extensions import db
from tests.support.query_plans import scans_while


@pytest.fixture
def big_app(app):
    """The sample site plus 600 demonstration articles in forty categories."""
    with app.app_context():
        seed_demo(600)
        article = db.session.scalar(
            select(Article)
            .where(
                Article.status == ArticleStatus.PUBLISHED.value, Article.category_id.is_not(None)
            )
            .order_by(Article.id.desc())
            .offset(5)
        )
        app.config["PLAN_ARTICLE"] = f"/tin-tuc/{article.slug}-{article.id}"
        app.config["PLAN_TAG"] = db.session.scalar(select(Tag.slug).order_by(Tag.id))
    return app


PAGES = {
    "home": lambda app: "/",
    "home page 5": lambda app: "/?page=5",
    "category": lambda app: "/chuyen-muc/tin-tuc",
    "category page 5": lambda app: "/chuyen-muc/tin-tuc?page=5",
    "subcategory": lambda app: "/chuyen-muc/tin-hoat-dong",
    "tag": lambda app: "/the/" + app.config["PLAN_TAG"],
    "article": lambda app: app.config["PLAN_ARTICLE"],
}


@pytest.mark.parametrize("name", PAGES)
def test_public_pages_never_scan_the_articles_table(big_app, name):
    path = PAGES[name](big_app)
    client = big_app.test_client()

    def request():
        response = client.get(path)
        assert response.status_code == 200, path

    statements, scans = scans_while(big_app, "articles", request)
    assert statements >= 1  # the page's own list or article was read and checked
    assert scans == {}, f"{path}: {scans}"


def test_the_check_sees_a_scan_when_there_is_one(big_app):
    # The mechanism itself: a query on an unindexed column must be reported.
    def request():
        db.session.scalars(select(Article.id).where(Article.source == "x")).all()

    statements, scans = scans_while(big_app, "articles", request)
    assert statements == 1 and len(scans) == 1
