"""Drafts and scheduled articles appear in no feed and no sitemap, until their time comes."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from danvan.content.models import ArticleStatus, Category
from danvan.core.caches import app_caches
from danvan.core.clock import utcnow
from danvan.discovery import sitemaps
from danvan.extensions import db
from tests.discovery.conftest import add_article, ago

DOCUMENTS = (
    "/rss.xml",
    "/chuyen-muc/thoi-su/rss.xml",
    "/sitemap.xml",
    "/sitemap-1.xml",
    "/sitemap-news.xml",
)


def everything(reader) -> str:
    return "".join(reader.get(path).get_data(as_text=True) for path in DOCUMENTS)


def test_drafts_and_scheduled_articles_are_in_none_of_them(reader, site, monkeypatch):
    with site.app_context():
        news = Category(name="Thời sự", slug="thoi-su")
        db.session.add(news)
        db.session.commit()
        add_article("Đã đăng", ago(hours=1), slug="da-dang", category=news)
        add_article("Bản nháp", None, ArticleStatus.DRAFT.value, slug="ban-nhap", category=news)
        add_article(
            "Nháp có ngày",
            ago(hours=2),
            ArticleStatus.DRAFT.value,
            slug="nhap-co-ngay",
            category=news,
        )
        scheduled = add_article(
            "Hẹn giờ", utcnow() + timedelta(hours=1), slug="hen-gio", category=news
        )
        due = scheduled.published_at
    text = everything(reader)
    # Published: in each document (twice in a feed: its link and its guid).
    assert text.count("/tin-tuc/da-dang-") == 7
    for slug in ("ban-nhap", "nhap-co-ngay", "hen-gio"):
        assert f"/tin-tuc/{slug}-" not in text
    # The URL count (the index's plan) leaves them out too: the home page, two articles, the
    # documents' list and the two sample documents.
    monkeypatch.setattr(sitemaps, "URLS_PER_SITEMAP", 6)
    assert reader.get("/sitemap-2.xml").status_code == 404
    # Its time comes, and the caches' lifetimes pass (time-machine does not move the monotonic
    # clock they keep time by): it appears everywhere.
    with time_machine.travel(due + timedelta(minutes=1)):
        app_caches(site).clear()
        assert reader.get("/sitemap-2.xml").status_code == 200
        monkeypatch.undo()
        app_caches(site).clear()
        assert everything(reader).count("/tin-tuc/hen-gio-") == 7
