"""What the fixture lacks, on sites built from NukeViet's own table definitions: the 4.3 and
5.x shapes, broken rows, hostile bodies, a delta run, a killed run."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from danvan.content.models import Article, Category, Tag
from danvan.extensions import db
from danvan.importer.models import ImportedItem
from danvan.rating.models import RatingSummary
from tests.support.nukeviet import Builder

from .conftest import run_import


def articles(app) -> dict[str, Article]:
    with app.app_context():
        found = {a.title: a for a in db.session.scalars(select(Article))}
        for article in found.values():
            db.session.expunge(article)
        return found


@pytest.mark.parametrize(("shape", "label"), [("4.3", "4.3–4.4"), ("5", "5.x")])
def test_older_and_newer_table_shapes(empty_app, built_site, shape, label):
    build = Builder(built_site, shape=shape)
    build.category(1, "thoi-su", "Thời sự")
    build.tag(1, "dân-vận", "Dân vận")
    build.article(1, 1, "Bài một", tags=(1,), hitstotal=7, total_rating=9, click_rating=2)
    report = run_import(empty_app, built_site)
    assert report.shape == label
    assert report.total("article", "created") == 1 and report.problems == []
    with empty_app.app_context():
        article = db.session.scalars(select(Article)).one()
        assert article.view_count == 7 and article.category.slug == "thoi-su"
        # 4.3's tags have no title: the keyword of the article's link names the tag.
        assert [t.name for t in article.tags] == ["từ khóa 1" if shape == "4.3" else "Dân vận"]
        summary = db.session.get(RatingSummary, article.id)
        assert (summary.earlier_count, summary.earlier_sum) == (2, 9)


def test_broken_rows_are_repaired_or_skipped_and_reported(empty_app, builder, tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "news").mkdir(parents=True)
    (uploads / "news" / "hong.jpg").write_bytes(b"not an image at all")
    builder.category(3, "mo-coi", "Mồ côi", parentid=99)
    builder.article(1, 1, "Không có chi tiết", detail=False)
    builder.article(2, 42, "Chuyên mục lạ")
    builder.article(
        3,
        1,
        "Thiếu ảnh",
        homeimgfile="mat.jpg",
        body='<p><img src="/uploads/news/khong-co.png"></p>',
    )
    builder.article(4, 1, "Điểm lạ", total_rating=99, click_rating=1)
    builder.article(5, 1, "Hết hạn", exptime=1_700_000_100)
    builder.article(6, 1, "Hẹn giờ", status=2, publtime=4_000_000_000)
    builder.article(7, 1, "Nháp", status=4)
    builder.article(8, 1, "Còn hạn", exptime=4_000_000_000)
    builder.category(4, "dinh-chi", "Đình chỉ", status=0)
    builder.category(5, "khong-o-trang-chu", "Không ở trang chủ", status=2)
    report = run_import(empty_app, builder.site, uploads)
    reasons = {(p.kind, p.old_id): p.reason for p in report.problems if p.kind != "article"}
    assert "chuyên mục cha 99" in reasons[("category", "3")]
    assert reasons[("image", "hong.jpg")].startswith("Tệp này không phải là ảnh")
    by_article: dict[str, list[str]] = {}
    for problem in report.problems:
        if problem.kind == "article":
            by_article.setdefault(problem.old_id, []).append(problem.reason)
    assert "không có nội dung chi tiết" in by_article["1"][0]
    assert "chuyên mục 42 không có" in by_article["2"][0]
    assert any("ảnh đại diện mat.jpg" in r for r in by_article["3"])
    assert any("khong-co.png" in r for r in by_article["3"])
    assert "điểm đánh giá không hợp lệ" in by_article["4"][0]
    assert "hết hạn" in by_article["5"][0]
    assert by_article["8"] == [
        "hết hạn đăng lúc 02/10/2096 14:06 trên trang cũ: trang mới không tự gỡ bài"
    ]
    text = report.text()
    assert "Bỏ qua (1):" in text and "- Ảnh hong.jpg:" in text and "- Bài viết 3:" in text
    found = articles(empty_app)
    assert len(found) == 8
    assert found["Thiếu ảnh"].image_name is None and "<img" not in found["Thiếu ảnh"].body_html
    assert found["Chuyên mục lạ"].category_id is None
    assert found["Hết hạn"].status == "draft"
    assert found["Hẹn giờ"].status == "published" and not found["Hẹn giờ"].is_visible()
    assert found["Nháp"].status == "draft"
    with empty_app.app_context():
        hidden = dict(db.session.execute(select(Category.slug, Category.hidden)).all())
    assert hidden["dinh-chi"] is True and hidden["khong-o-trang-chu"] is False


def test_scripts_and_control_characters_arrive_inert(empty_app, builder):
    body = (
        '<p onclick="steal()">Chữ<script>alert(1)</script>'
        '<a href="javascript:alert(2)" title="a\x07b">x</a>'
        '<img src="x" onerror="alert(3)"></p><style>p{}</style>'
    )
    builder.article(1, 1, "Tiêu\x07 đề\x00", body=body, hometext="Tóm\x1b tắt")
    run_import(empty_app, builder.site)
    (article,) = articles(empty_app).values()
    html = article.body_html
    for bad in ("<script", "alert(1)", "onclick", "onerror", "javascript:", "<style", "\x07"):
        assert bad not in html, bad
    assert 'title="ab"' in html
    assert article.title == "Tiêu đề" and article.summary == "Tóm tắt"
    page = empty_app.test_client().get(f"/tin-tuc/{article.slug}-{article.id}")
    assert page.status_code == 200 and "alert(" not in page.get_data(as_text=True)


def test_delta_run_brings_only_what_changed(empty_app, builder):
    builder.article(1, 1, "Bài cũ", hitstotal=10)
    builder.article(2, 2, "Bài khác", hitstotal=5)
    run_import(empty_app, builder.site)
    with empty_app.app_context():
        # The new site counts its own readers meanwhile.
        db.session.execute(Article.__table__.update().values(view_count=Article.view_count + 3))
        db.session.commit()
    site = builder.site
    site.execute(
        "UPDATE nv4_vi_news_rows SET title='Bài cũ đã sửa', edittime=1700000500 WHERE id=1"
    )
    site.execute("UPDATE nv4_vi_news_rows SET hitstotal=9 WHERE id=2")
    builder.article(3, 1, "Bài mới", edittime=1_700_000_600)
    report = run_import(empty_app, site)
    assert report.total("article", "created") == 1
    assert report.total("article", "updated") == 1
    assert report.total("article", "unchanged") == 1
    found = articles(empty_app)
    assert set(found) == {"Bài cũ đã sửa", "Bài khác", "Bài mới"}
    # Views: the old site's since the last run are added to what the new site counted.
    assert found["Bài cũ đã sửa"].view_count == 13
    assert found["Bài khác"].view_count == 5 + 3 + 4
    assert found["Bài mới"].view_count == 0


def test_a_killed_run_completes_on_the_next_with_nothing_duplicated(empty_app, builder):
    for number in range(1, 8):
        builder.article(number, 1, f"Bài {number}", tags=(1,), hitstotal=number)

    class Killed(Exception):
        pass

    def kill_after_five(old_id: int) -> None:
        if old_id == 5:
            raise Killed

    with pytest.raises(Killed):
        run_import(empty_app, builder.site, batch_size=2, after_article=kill_after_five)
    with empty_app.app_context():
        # Whole batches were committed (1-2, 3-4); the one in flight was rolled back.
        assert db.session.scalar(select(func.count()).select_from(Article)) == 4
    report = run_import(empty_app, builder.site)
    assert report.total("article", "created") == 3 and report.total("article", "unchanged") == 4
    found = articles(empty_app)
    assert sorted(found) == [f"Bài {n}" for n in range(1, 8)]
    assert [found[f"Bài {n}"].view_count for n in range(1, 8)] == list(range(1, 8))
    with empty_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Category)) == 2
        assert db.session.scalar(select(func.count()).select_from(Tag)) == 1
        kinds = db.session.execute(
            select(ImportedItem.kind, func.count()).group_by(ImportedItem.kind)
        ).all()
        assert dict(kinds)["article"] == 7


def test_sample_content_is_kept_when_staff_have_written_articles(app, builder):
    from tests.support.portal import make_article

    with app.app_context():
        make_article(title="Bài của cán bộ")
        db.session.commit()
    builder.article(1, 1, "Bài cũ")
    run_import(app, builder.site)
    assert {"Bài của cán bộ", "Bài cũ"} <= set(articles(app))


def test_an_article_deleted_here_is_left_deleted(empty_app, builder):
    builder.article(1, 1, "Bài bị xoá", hitstotal=3, total_rating=4, click_rating=1)
    builder.article(2, 1, "Bài còn lại")
    run_import(empty_app, builder.site)
    with empty_app.app_context():
        article = db.session.scalars(select(Article).where(Article.title == "Bài bị xoá")).one()
        db.session.delete(article)
        db.session.commit()
    builder.site.execute("UPDATE nv4_vi_news_rows SET hitstotal=9, total_rating=9 WHERE id=1")
    report = run_import(empty_app, builder.site)
    assert set(articles(empty_app)) == {"Bài còn lại"}
    assert report.total("article", "unchanged") == 1
    assert [(p.old_id, p.skipped) for p in report.problems] == [("1", True)]


def test_the_sample_content_and_its_figures_make_way(app, builder):
    builder.article(1, 1, "Bài cũ")
    builder.site.execute("DELETE FROM nv4_counter")  # an old site without a visit total
    report = run_import(app, builder.site)
    assert set(articles(app)) == {"Bài cũ"}
    with app.app_context():
        from danvan.stats.figures import legacy_total

        assert legacy_total() == 0  # not the sample's 1,271,915
        assert db.session.scalar(select(func.count()).select_from(RatingSummary)) == 0
        slugs = set(db.session.scalars(select(Category.slug)))
    assert slugs == {"thoi-su", "dia-phuong"}
    assert any(p.old_id == "counter" for p in report.problems)
