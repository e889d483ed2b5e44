"""A site that knows its address, and articles in every state, for the feeds and sitemaps."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from danvan.content.models import Article, ArticleStatus, Category
from danvan.core.clock import utcnow
from danvan.extensions import db
from tests.support.site_host import SITE  # noqa: F401 - the tests import it from here

SAMPLE_PATH = (
    "/tin-tuc/ca-he-thong-chinh-tri-cua-tinh-tiep-tuc-lam-tot-cong-tac-dan-van-"
    "trong-giai-doan-moi-1"
)
# After the articles: the documents' list, then the sample documents, oldest issued first.
DOCUMENT_PATHS = [
    "/van-ban/",
    "/van-ban/01-hd-mau-huong-dan-mau-ve-viec-dang-van-ban-len-trang-thong-tin-dien-tu-1",
    "/van-ban/02-kh-mau-ke-hoach-mau-thuc-hien-cong-tac-dan-van-nam-2021-2",
]


@pytest.fixture
def reader(site):
    """A client asking for the site's own host (any other is refused)."""
    client = site.test_client()
    original = client.open

    def open_at_site(*args, **kwargs):
        kwargs.setdefault("base_url", SITE)
        return original(*args, **kwargs)

    client.open = open_at_site  # type: ignore[method-assign]
    return client


def add_article(
    title: str,
    published_at: datetime | None,
    status: str = ArticleStatus.PUBLISHED.value,
    category: Category | None = None,
    **fields,
) -> Article:
    """One article, committed (call inside an app context)."""
    article = Article(
        title=title,
        slug=fields.pop("slug", None) or title.lower().replace(" ", "-"),
        status=status,
        published_at=published_at,
        summary=fields.pop("summary", f"Tóm tắt {title}"),
        body_html="<p>Nội dung</p>",
        category=category,
        **fields,
    )
    db.session.add(article)
    db.session.commit()
    return article


def ago(**delta) -> datetime:
    """That long before now."""
    return utcnow() - timedelta(**delta)
