"""``flask seed-demo``: a realistic site, the same for the same seed, usable at once."""

from __future__ import annotations

from sqlalchemy import func, select

from danvan.content.models import Article, ArticleStatus, Category, Tag, article_tags
from danvan.extensions import db
from danvan.media.models import Upload
from tests.support.portal import make_article


def scalar(app, query):
    with app.app_context():
        return db.session.scalar(query)


def test_seed_demo_builds_forty_nested_categories_tags_images_and_articles(app):
    before = scalar(app, select(func.count()).select_from(Article))
    result = app.test_cli_runner().invoke(args=["seed-demo", "--articles", "400", "--images", "2"])
    assert result.exit_code == 0, result.output
    assert "Đã thêm 400 bài viết" in result.output
    assert scalar(app, select(func.count()).select_from(Article)) == before + 400
    # The sample's "Tin tức" and "Tin hoạt động" are reused: forty in all, eight at the top.
    assert scalar(app, select(func.count()).select_from(Category)) == 40
    assert scalar(app, select(func.count()).where(Category.parent_id.is_(None))) == 8
    assert scalar(app, select(func.count()).select_from(Tag)) == 20
    assert scalar(app, select(func.count()).select_from(Upload)) == 2
    assert scalar(app, select(func.count()).select_from(article_tags)) > 200
    with_images = scalar(app, select(func.count()).where(Article.image_name.is_not(None)))
    assert 100 < with_images < 250  # about 40 %
    drafts = scalar(app, select(func.count()).where(Article.status == ArticleStatus.DRAFT.value))
    assert 0 < drafts < 20
    # Vietnamese text, with marks, from the sample article's sentences.
    body = scalar(app, select(Article.body_html).order_by(Article.id.desc()).limit(1))
    assert "<p>" in body and any(mark in body for mark in "ảạấầẩậđươ")
    # The site serves them: a category lists them, and a new article gets a new id.
    client = app.test_client()
    page = client.get("/chuyen-muc/tin-tuc")
    assert page.status_code == 200 and "Trang 1 /" in page.text
    # Bulk inserts bypass the ORM: the seeder rebuilt the search index itself.
    found = client.get("/tim-kiem?q=dan+van")
    total = int(found.text.split("Tìm thấy ")[1].split(" ")[0].replace(",", ""))
    assert total > 300
    with app.app_context():
        newest = db.session.scalar(select(func.max(Article.id)))
        assert make_article("Bài mới sau khi nạp").id == newest + 1
        db.session.rollback()


def test_the_same_seed_builds_the_same_site(app_factory):
    titles = []
    for _ in range(2):
        app = app_factory()
        assert (
            app.test_cli_runner()
            .invoke(args=["seed-demo", "--articles", "50", "--images", "0"])
            .exit_code
            == 0
        )
        with app.app_context():
            titles.append(list(db.session.scalars(select(Article.title).order_by(Article.id))))
    assert titles[0] == titles[1] and len(titles[0]) == 50
