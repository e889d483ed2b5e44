"""The staff area: writing, previewing, publishing, scheduling and unpublishing articles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from danvan.content.models import Article
from danvan.core.clock import VIETNAM
from danvan.extensions import db
from tests.support.live_server import BROWSER_UA
from tests.support.publishing import (
    article_data,
    audit_actions,
    count,
    executable_parts,
    sample_article_id,
)
from tests.support.staff import staff_csrf
from tests.support.xss_corpus import XSS_VECTORS


def test_an_editor_writes_a_draft_then_publishes_it(app, editor):
    token = staff_csrf(editor)
    response = editor.post("/quan-tri/bai-viet/moi", data=article_data(token))
    assert response.status_code == 303
    with app.app_context():
        article = db.session.scalar(select(Article).order_by(Article.id.desc()))
        assert article.status == "draft" and article.slug == "ca-he-thong-chinh-tri-vao-cuoc"
        assert article.body_html == "<p>Đoạn <strong>một</strong>.</p>\n<p>Đoạn hai.</p>\n"
        assert article.body_source.startswith("Đoạn **một**")
        article_id, slug = article.id, article.slug
    assert response.headers["Location"] == f"/quan-tri/bai-viet/{article_id}"
    assert "Đã lưu bản nháp." in editor.get(response.headers["Location"]).get_data(as_text=True)
    public = f"/tin-tuc/{slug}-{article_id}"
    assert editor.get(public).status_code == 404
    response = editor.post(
        f"/quan-tri/bai-viet/{article_id}", data=article_data(token, action="publish")
    )
    assert response.status_code == 303
    assert "Đã đăng bài viết." in editor.get(response.headers["Location"]).get_data(as_text=True)
    assert editor.get(public, headers={"User-Agent": BROWSER_UA}).status_code == 200
    assert "Cả hệ thống chính trị vào cuộc" in editor.get("/").get_data(as_text=True)
    assert audit_actions(app) == ["article.create", "article.update", "article.publish"]


def test_unpublish_hides_the_article_again(app, editor):
    article_id = sample_article_id(app)
    with app.app_context():
        path = f"/tin-tuc/{db.session.get(Article, article_id).slug}-{article_id}"
    token = staff_csrf(editor)
    assert editor.get(path).status_code == 200
    response = editor.post(
        f"/quan-tri/bai-viet/{article_id}", data={"csrf_token": token, "action": "unpublish"}
    )
    assert response.status_code == 303
    assert editor.get(path).status_code == 404
    assert audit_actions(app) == ["article.unpublish"]


def test_a_future_time_schedules_the_article(app, editor):
    token = staff_csrf(editor)
    later = (datetime.now(UTC) + timedelta(days=2)).astimezone(VIETNAM)
    typed = later.strftime("%d/%m/%Y %H:%M")  # as Vietnamese write it
    response = editor.post(
        "/quan-tri/bai-viet/moi",
        data=article_data(token, action="publish", published_at=typed, title="Bài hẹn giờ"),
    )
    assert response.status_code == 303
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.title == "Bài hẹn giờ"))
        assert article.status == "published" and not article.is_visible()
        # Typed in Vietnam time (UTC+7), stored in UTC.
        assert article.published_at == later.replace(second=0, microsecond=0).astimezone(UTC)
        assert article.is_visible(article.published_at)
    assert "Bài hẹn giờ" not in editor.get("/").get_data(as_text=True)
    assert "Hẹn giờ đăng" in editor.get("/quan-tri/").get_data(as_text=True)
    assert audit_actions(app) == ["article.create", "article.schedule"]


def test_slugs_are_editable_and_never_collide(app, editor):
    token = staff_csrf(editor)
    for _ in range(3):
        editor.post("/quan-tri/bai-viet/moi", data=article_data(token, slug="Tin Mới Nhất!"))
    with app.app_context():
        slugs = list(
            db.session.scalars(
                select(Article.slug)
                .where(Article.slug.startswith("tin-moi-nhat"))
                .order_by(Article.id)
            )
        )
    assert slugs == ["tin-moi-nhat", "tin-moi-nhat-2", "tin-moi-nhat-3"]


def test_editing_keeps_the_slug_of_the_article_itself(app, editor):
    token = staff_csrf(editor)
    editor.post("/quan-tri/bai-viet/moi", data=article_data(token, slug="mot-bai"))
    with app.app_context():
        article_id = db.session.scalar(select(Article.id).where(Article.slug == "mot-bai"))
    editor.post(f"/quan-tri/bai-viet/{article_id}", data=article_data(token, slug="mot-bai"))
    with app.app_context():
        assert db.session.get(Article, article_id).slug == "mot-bai"


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"title": ""}, "Vui lòng nhập tiêu đề."),
        ({"title": "x" * 501}, "Tiêu đề dài tối đa 500 ký tự."),
        ({"body": "   "}, "Vui lòng nhập nội dung bài viết."),
        ({"published_at": "ngày mai"}, "Thời gian đăng không hợp lệ"),
        ({"category_id": "999"}, "Chuyên mục không hợp lệ."),
        ({"source": "n" * 301}, "Nguồn tin dài tối đa 300 ký tự."),
    ],
)
def test_invalid_articles_are_refused_in_vietnamese(app, editor, overrides, message):
    before = count(app, Article)
    response = editor.post(
        "/quan-tri/bai-viet/moi",
        data=article_data(staff_csrf(editor), action="publish", **overrides),
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert message in body and 'aria-invalid="true"' in body
    assert count(app, Article) == before
    assert audit_actions(app) == []


def test_an_unknown_action_is_refused(app, editor):
    response = editor.post(
        "/quan-tri/bai-viet/moi", data=article_data(staff_csrf(editor), action="xoa-het")
    )
    assert response.status_code == 400
    assert "Thao tác không hợp lệ" in response.get_data(as_text=True)


def test_a_missing_csrf_token_is_refused(app, editor):
    data = article_data("")
    del data["csrf_token"]
    response = editor.post("/quan-tri/bai-viet/moi", data=data)
    assert response.status_code == 400
    assert "Vui lòng tải lại trang" in response.get_data(as_text=True)


def test_preview_button_renders_without_saving(app, editor):
    before = count(app, Article)
    response = editor.post(
        "/quan-tri/bai-viet/moi",
        data=article_data(
            staff_csrf(editor),
            action="preview",
            body="## Mục\n\n<script>alert(1)</script>\n\n*nghiêng*",
        ),
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<h2>Mục</h2>" in body and "<em>nghiêng</em>" in body
    assert "<script>alert" not in body
    assert count(app, Article) == before


def test_live_preview_answers_htmx_with_the_sanitised_fragment(editor):
    token = staff_csrf(editor)
    response = editor.post(
        "/quan-tri/bai-viet/xem-truoc",
        headers={"HX-Request": "true"},
        data={
            "csrf_token": token,
            "body": "# Tiêu đề\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        },
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<h2>Tiêu đề</h2>" in body and "<html" not in body
    assert executable_parts(body) == []
    assert "HX-Request" in response.headers["Vary"]
    page = editor.post("/quan-tri/bai-viet/xem-truoc", data={"csrf_token": token, "body": "a"})
    assert page.status_code == 200 and "<html" in page.get_data(as_text=True)


def test_the_editor_textarea_previews_through_htmx(editor):
    body = editor.get("/quan-tri/bai-viet/moi").get_data(as_text=True)
    assert 'data-hx-post="/quan-tri/bai-viet/xem-truoc"' in body
    assert 'data-hx-trigger="input changed delay:400ms"' in body
    assert 'data-hx-target="#article-preview"' in body


def test_old_html_articles_open_in_the_editor_with_their_html(app, editor):
    article_id = sample_article_id(app)
    body = editor.get(f"/quan-tri/bai-viet/{article_id}").get_data(as_text=True)
    assert "Một là" in body  # the seed article's body, from body_html


def test_saving_and_unpublishing_show_on_the_public_pages_at_once(app, editor):
    article_id = sample_article_id(app)
    reader = app.test_client()
    path = f"/tin-tuc/{article_id}"  # redirects to the canonical address, whatever the slug
    assert reader.get(path, follow_redirects=True).status_code == 200  # its shell is now kept
    assert reader.get("/").status_code == 200
    token = staff_csrf(editor)
    editor.post(
        f"/quan-tri/bai-viet/{article_id}",
        data=article_data(token, title="Tiêu đề mới của bài mẫu", action="publish"),
    )
    page = reader.get(path, follow_redirects=True)
    assert "Tiêu đề mới của bài mẫu" in page.get_data(as_text=True)
    assert "Tiêu đề mới của bài mẫu" in reader.get("/").get_data(as_text=True)
    editor.post(
        f"/quan-tri/bai-viet/{article_id}", data={"csrf_token": token, "action": "unpublish"}
    )
    assert reader.get(path, follow_redirects=True).status_code == 404
    assert "Tiêu đề mới của bài mẫu" not in reader.get("/").get_data(as_text=True)


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_saved_bodies_keep_nothing_executable(app, editor, vector):
    editor.post(
        "/quan-tri/bai-viet/moi",
        data=article_data(staff_csrf(editor), body=f"Trước\n\n{vector}\n\nSau"),
    )
    with app.app_context():
        html = db.session.scalar(select(Article.body_html).order_by(Article.id.desc()))
    assert executable_parts(html) == [], html
    assert "Trước" in html  # the text before the vector survives
