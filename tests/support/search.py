"""Helpers for the search tests: articles written through the ORM, results read from a page."""

from __future__ import annotations

import re
from datetime import timedelta

from danvan.content.models import Article, ArticleStatus
from danvan.core.caches import ARTICLE, forget
from danvan.core.clock import utcnow
from danvan.core.text import slugify
from danvan.extensions import db

RESULT = re.compile(
    r'<h2 class="article-card__title"><a href="/tin-tuc/[^"]*-(\d+)">(.*?)</a></h2>'
)
SUMMARY = re.compile(r'<p class="article-card__summary">(.*?)</p>', re.S)
COUNT = re.compile(r"Tìm thấy ([\d,]+) kết quả")


def add_article(
    app,
    title: str,
    body: str = "<p>Nội dung.</p>",
    summary: str = "",
    status: str = ArticleStatus.PUBLISHED.value,
    published_at=None,
    age: timedelta = timedelta(days=1),
) -> int:
    """An article saved through the session (so the index follows) and forgotten by the caches,
    as the editor does; returns its id."""
    with app.app_context():
        article = Article(
            title=title,
            slug=slugify(title),
            summary=summary,
            body_html=body,
            status=status,
            published_at=published_at or (utcnow() - age),
        )
        db.session.add(article)
        db.session.commit()
        forget(ARTICLE, article.id)
        return article.id


def search_page(client, query: str, **params):
    """GET /tim-kiem for ``query``: (status, html)."""
    response = client.get("/tim-kiem", query_string={"q": query, **params})
    return response.status_code, response.get_data(as_text=True)


def result_ids(client, query: str, **params) -> list[int]:
    """The ids of the results shown, in order."""
    status, html = search_page(client, query, **params)
    assert status == 200, html
    return [int(match[1]) for match in RESULT.finditer(html)]


def result_count(html: str) -> int:
    """The "Tìm thấy N kết quả" figure, 0 when absent."""
    match = COUNT.search(html)
    return int(match[1].replace(",", "")) if match else 0
