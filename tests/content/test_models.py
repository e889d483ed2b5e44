from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from danvan.content.models import Article, ArticleStatus
from danvan.core.clock import VIETNAM
from danvan.core.database import UTCDateTime
from danvan.extensions import db


def test_body_html_is_sanitised_on_assignment(empty_app):
    with empty_app.app_context():
        article = Article(title="T", slug="t", body_html='<p onclick="x()">a<script>b</script></p>')
        db.session.add(article)
        db.session.commit()
        stored = db.session.execute(text("SELECT body_html FROM articles")).scalar_one()
        assert stored == "<p>a</p>"


def test_publish_time_is_stored_in_utc_and_read_back_aware(empty_app):
    moment = datetime(2021, 1, 24, 23, 12, tzinfo=VIETNAM)
    with empty_app.app_context():
        db.session.add(Article(title="T", slug="t", published_at=moment))
        db.session.commit()
        raw = db.session.execute(text("SELECT published_at FROM articles")).scalar_one()
        assert str(raw).startswith("2021-01-24 16:12")
        db.session.expire_all()
        loaded = db.session.scalars(select(Article)).one()
        assert loaded.published_at == moment
        assert loaded.published_at.utcoffset() == timedelta(0)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        UTCDateTime().process_bind_param(datetime(2021, 1, 1), None)


def test_unknown_status_is_refused():
    with pytest.raises(ValueError):
        Article(title="T", slug="t", status="secret")


def test_visibility_needs_published_status_and_a_past_time():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    past, future = now - timedelta(days=1), now + timedelta(days=1)
    published = ArticleStatus.PUBLISHED.value
    assert Article(status=published, published_at=past).is_visible(now)
    assert not Article(status=published, published_at=future).is_visible(now)
    assert not Article(status=published, published_at=None).is_visible(now)
    assert not Article(status=ArticleStatus.DRAFT.value, published_at=past).is_visible(now)


def test_new_article_starts_with_no_views(empty_app):
    with empty_app.app_context():
        article = Article(title="T", slug="t")
        db.session.add(article)
        db.session.commit()
        assert article.view_count == 0 and article.rating_enabled is True
