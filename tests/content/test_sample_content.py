import pytest
from sqlalchemy import func, select

from danvan import create_app
from danvan.content.models import Article, Banner, Link
from danvan.content.sample import ARTICLE_SOURCE, load_sample_content, read_sample_article
from danvan.core.formatting import date_line
from danvan.extensions import db
from danvan.rating.models import RatingSummary
from danvan.stats.figures import legacy_total
from tests.conftest import TEST_DATABASE_URL, make_config


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_sample_content_is_the_original_article(empty_app):
    with empty_app.app_context():
        assert load_sample_content() is True
        article = db.session.scalars(select(Article)).one()
        assert article.title.startswith("CẢ HỆ THỐNG CHÍNH TRỊ CỦA TỈNH")
        assert date_line(article.published_at) == "Chủ nhật - 24/01/2021 23:12"
        assert article.source == ARTICLE_SOURCE == "Lê Dũng Toàn (Tổng hợp)"
        # As if imported from the original NukeViet page: 513 views, one earlier 4-star vote,
        # and the old site's visit total.
        assert article.view_count == 513
        summary = db.session.get(RatingSummary, article.id)
        assert (summary.earlier_count, summary.earlier_sum, summary.vote_count) == (1, 4, 0)
        assert legacy_total() == 1_271_915
        assert article.is_visible()
        for opening in ("Một là,", "Hai là,", "Ba là,", "Bốn là,", "Năm là,", "Sáu là,"):
            assert f"<p>{opening}" in article.body_html
        banners = db.session.scalars(select(Banner).order_by(Banner.sort_order)).all()
        assert [b.image.rsplit("/", 1)[1] for b in banners] == [
            "hcm-bdv001.svg",
            "hcm-bdv002.svg",
            "bien-dao01.svg",
            "bien-dao02.svg",
        ]
        assert banners[0].title.startswith("Học tập và làm theo tư tưởng")
        assert banners[2].title.startswith("Biển, đảo Việt Nam")
        assert count(Link) >= 3


def test_sample_content_loads_once(empty_app):
    with empty_app.app_context():
        assert load_sample_content() is True
        assert load_sample_content() is False
        assert (count(Article), count(Banner)) == (1, 4)


def test_sample_content_is_not_loaded_into_a_site_with_content(empty_app):
    with empty_app.app_context():
        db.session.add(Link(title="Khác", url="https://example.org/"))
        db.session.commit()
        assert load_sample_content() is False
        assert count(Article) == 0


def test_sample_article_has_nine_paragraphs():
    title, paragraphs = read_sample_article()
    assert len(paragraphs) == 9
    assert paragraphs[-1].startswith("Sáu là,")


def test_banner_images_exist(app):
    from pathlib import Path

    with app.app_context():
        for banner in db.session.scalars(select(Banner)):
            path = Path(app.static_folder) / banner.image
            assert path.is_file(), path
            assert path.stat().st_size < 4000


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="needs a database of its own")
def test_load_sample_content_command_on_a_new_database(tmp_path):
    app = create_app(make_config(tmp_path))
    result = app.test_cli_runner().invoke(args=["load-sample-content"])
    assert result.exit_code == 0, result.output
    assert "Đã nạp nội dung mẫu." in result.output
    again = app.test_cli_runner().invoke(args=["load-sample-content"])
    assert "không nạp gì thêm" in again.output
    with app.app_context():
        db.engine.dispose()


def test_a_new_site_gets_the_committee_s_pages_as_placeholders(empty_app):
    from danvan.pages.models import Page

    with empty_app.app_context():
        assert load_sample_content() is True
        pages = {page.slug: page for page in db.session.scalars(select(Page))}
        assert set(pages) == {"gioi-thieu", "co-cau-to-chuc", "chuc-nang-nhiem-vu", "lien-he"}
        about = pages["gioi-thieu"]
        assert (
            pages["co-cau-to-chuc"].parent_id == pages["chuc-nang-nhiem-vu"].parent_id == about.id
        )
        assert pages["lien-he"].kind == "contact" and pages["lien-he"].parent_id is None
        assert all(page.in_menu and page.published for page in pages.values())
        assert all("Nội dung mẫu: quản trị viên thay bằng" in p.body_html for p in pages.values())
        english = {slug: page.slug_en for slug, page in pages.items()}
        assert english == {
            "gioi-thieu": None,
            "co-cau-to-chuc": "organisation",
            "chuc-nang-nhiem-vu": "functions",
            "lien-he": "contact",
        }
        assert load_sample_content() is False
        assert count(Page) == 4


def test_a_site_with_pages_only_gets_no_sample_content(empty_app):
    from danvan.pages.models import Page

    with empty_app.app_context():
        db.session.add(Page(title="Giới thiệu", slug="gioi-thieu"))
        db.session.commit()
        assert load_sample_content() is False
        assert (count(Article), count(Page)) == (0, 1)


def test_the_sample_site_carries_the_old_visit_total(app_factory):
    from tests.stats.test_stats import block_values, browse

    app = app_factory(STATS_CACHE=0)
    with app.app_context():
        load_sample_content()
    client = app.test_client()
    browse(client, "/")
    values = dict(block_values(browse(client, "/").get_data(as_text=True)))
    assert values["Tổng lượt truy cập"] == "1,271,916"  # the old site's, and this visit
