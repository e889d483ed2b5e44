"""Issue 8: staff publish and manage the site (server tests for every form and page)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from danvan.audit import AuditEntry
from danvan.extensions import db
from danvan.formatting import VIETNAM
from danvan.media import Upload
from danvan.models import Article, Banner, Link, User
from danvan.rating import RatingSummary, RatingVote
from danvan.staff_sessions import StaffSession
from danvan.stats_store import DailyCount, local_day, now
from tests.html_checks import audit
from tests.live_server import BROWSER_UA
from tests.staff import PASSWORD, make_user, sign_in, staff_csrf
from tests.xss_corpus import XSS_VECTORS

# --- fixtures and helpers ---------------------------------------------------------------------


@pytest.fixture
def editor(app):
    """A signed-in editor's client."""
    make_user(app, "lan", role="editor")
    client = app.test_client()
    assert sign_in(client, "lan").status_code == 303
    return client


@pytest.fixture
def admin(app):
    """A signed-in admin's client."""
    make_user(app, "quantri", role="admin")
    client = app.test_client()
    assert sign_in(client, "quantri").status_code == 303
    return client


def png_bytes(size=(40, 20), color="red", fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


def article_data(token: str, **overrides) -> dict:
    data = {"csrf_token": token, "title": "Cả hệ thống chính trị vào cuộc",
            "slug": "", "summary": "Tóm tắt", "body": "Đoạn **một**.\n\nĐoạn hai.",
            "source": "Lê Dũng Toàn", "category_id": "", "rating_enabled": "y",
            "published_at": "", "action": "save"}
    data.update(overrides)
    return data


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def audit_actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


FORBIDDEN_TAGS = {"script", "style", "svg", "math", "iframe", "object", "embed", "form", "base",
                  "meta", "link", "frame", "frameset", "applet", "template", "details"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "srcset",
                  "background", "poster"}


def executable_parts(html: str) -> list[str]:
    """Anything in ``html`` a browser could run or that could load code or styles."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in FORBIDDEN_TAGS:
                found.append(f"<{tag}>")
            for name, value in attrs:
                if name.startswith("on") or name == "style":
                    found.append(f"{tag}[{name}]")
                if name in URL_ATTRIBUTES and value:
                    scheme = "".join(char for char in value if char > " ").lower()
                    if scheme.startswith(("javascript:", "data:", "vbscript:")):
                        found.append(f"{tag}[{name}={value}]")

    parser = Parser(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    return found


def sample_article_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Article.id).order_by(Article.id))


# --- who may do what ---------------------------------------------------------------------------

STAFF_PAGES = ["/quan-tri/", "/quan-tri/bai-viet/moi", "/quan-tri/bai-viet/1",
               "/quan-tri/bai-viet/1/phan-hoi", "/quan-tri/bai-viet/1/danh-gia.csv",
               "/quan-tri/anh/", "/quan-tri/cot-phai/", "/quan-tri/bieu-ngu/moi",
               "/quan-tri/bieu-ngu/1", "/quan-tri/lien-ket/moi", "/quan-tri/lien-ket/1",
               "/quan-tri/thong-ke/", "/quan-tri/thong-ke.csv"]
ADMIN_PAGES = ["/quan-tri/tai-khoan/", "/quan-tri/nhat-ky/"]
POSTS = ["/quan-tri/bai-viet/moi", "/quan-tri/bai-viet/1", "/quan-tri/bai-viet/xem-truoc",
         "/quan-tri/bai-viet/1/danh-gia/xoa", "/quan-tri/anh/", "/quan-tri/bieu-ngu/moi",
         "/quan-tri/bieu-ngu/1", "/quan-tri/lien-ket/moi", "/quan-tri/lien-ket/1",
         "/quan-tri/bieu-ngu/1/di-chuyen", "/quan-tri/lien-ket/1/bat-tat",
         "/quan-tri/tai-khoan/", "/quan-tri/tai-khoan/1/trang-thai",
         "/quan-tri/tai-khoan/1/mat-khau"]


@pytest.mark.parametrize("path", STAFF_PAGES + ADMIN_PAGES)
def test_signed_out_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("path", POSTS)
def test_signed_out_posts_change_nothing(app, client, path):
    before = count(app, Article), count(app, Banner), count(app, Link), count(app, User)
    response = client.post(path, data={"title": "x", "action": "publish", "direction": "up"})
    assert response.status_code in (303, 400)  # the CSRF check or the sign-in redirect
    assert (count(app, Article), count(app, Banner), count(app, Link), count(app, User)) == before
    assert audit_actions(app) == []


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_editors_reach_every_content_page_without_inline_code(editor, path):
    response = editor.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    if response.mimetype == "text/html":
        page = audit(response.get_data(as_text=True))
        assert page.inline_scripts == [] and page.inline_styles == []
        assert 'id="session-prompt"' in response.get_data(as_text=True)  # the idle prompt


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_editors_cannot_open_admin_pages(editor, path):
    response = editor.get(path)
    assert response.status_code == 403
    assert "Chỉ quản trị viên mới được làm việc này." in response.get_data(as_text=True)


@pytest.mark.parametrize("path,data", [
    ("/quan-tri/tai-khoan/", {"username": "moi", "role": "admin", "password": "x" * 12,
                              "password_again": "x" * 12}),
    ("/quan-tri/tai-khoan/{admin}/trang-thai", {"active": "0"}),
    ("/quan-tri/tai-khoan/{admin}/mat-khau", {"u{admin}-password": "y" * 12,
                                               "u{admin}-password_again": "y" * 12}),
])
def test_editors_cannot_manage_accounts(app, editor, path, data):
    admin_id = make_user(app, "quantri", role="admin")
    token = staff_csrf(editor)
    data = {key.format(admin=admin_id): value for key, value in data.items()}
    response = editor.post(path.format(admin=admin_id), data={"csrf_token": token, **data})
    assert response.status_code == 403
    assert count(app, User) == 2
    with app.app_context():
        assert db.session.get(User, admin_id).active
    assert audit_actions(app) == []


def test_admin_nav_shows_admin_pages_only_to_admins(editor, admin):
    assert "/quan-tri/tai-khoan/" not in editor.get("/quan-tri/").get_data(as_text=True)
    page = admin.get("/quan-tri/").get_data(as_text=True)
    assert "/quan-tri/tai-khoan/" in page and "/quan-tri/nhat-ky/" in page


# --- articles ---------------------------------------------------------------------------------

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
    response = editor.post(f"/quan-tri/bai-viet/{article_id}",
                           data=article_data(token, action="publish"))
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
    response = editor.post(f"/quan-tri/bai-viet/{article_id}",
                           data={"csrf_token": token, "action": "unpublish"})
    assert response.status_code == 303
    assert editor.get(path).status_code == 404
    assert audit_actions(app) == ["article.unpublish"]


def test_a_future_time_schedules_the_article(app, editor):
    token = staff_csrf(editor)
    later = (datetime.now(UTC) + timedelta(days=2)).astimezone(VIETNAM)
    typed = later.strftime("%Y-%m-%dT%H:%M")
    response = editor.post("/quan-tri/bai-viet/moi", data=article_data(
        token, action="publish", published_at=typed, title="Bài hẹn giờ"))
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
        slugs = list(db.session.scalars(
            select(Article.slug).where(Article.slug.startswith("tin-moi-nhat")).order_by(Article.id)))
    assert slugs == ["tin-moi-nhat", "tin-moi-nhat-2", "tin-moi-nhat-3"]


def test_editing_keeps_the_slug_of_the_article_itself(app, editor):
    token = staff_csrf(editor)
    editor.post("/quan-tri/bai-viet/moi", data=article_data(token, slug="mot-bai"))
    with app.app_context():
        article_id = db.session.scalar(select(Article.id).where(Article.slug == "mot-bai"))
    editor.post(f"/quan-tri/bai-viet/{article_id}", data=article_data(token, slug="mot-bai"))
    with app.app_context():
        assert db.session.get(Article, article_id).slug == "mot-bai"


@pytest.mark.parametrize("overrides,message", [
    ({"title": ""}, "Vui lòng nhập tiêu đề."),
    ({"title": "x" * 501}, "Tiêu đề dài tối đa 500 ký tự."),
    ({"body": "   "}, "Vui lòng nhập nội dung bài viết."),
    ({"published_at": "ngày mai"}, "Thời gian đăng không hợp lệ"),
    ({"category_id": "999"}, "Chuyên mục không hợp lệ."),
    ({"source": "n" * 301}, "Nguồn tin dài tối đa 300 ký tự."),
])
def test_invalid_articles_are_refused_in_vietnamese(app, editor, overrides, message):
    before = count(app, Article)
    response = editor.post("/quan-tri/bai-viet/moi",
                           data=article_data(staff_csrf(editor), action="publish", **overrides))
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert message in body and 'aria-invalid="true"' in body
    assert count(app, Article) == before
    assert audit_actions(app) == []


def test_an_unknown_action_is_refused(app, editor):
    response = editor.post("/quan-tri/bai-viet/moi",
                           data=article_data(staff_csrf(editor), action="xoa-het"))
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
    response = editor.post("/quan-tri/bai-viet/moi", data=article_data(
        staff_csrf(editor), action="preview",
        body="## Mục\n\n<script>alert(1)</script>\n\n*nghiêng*"))
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<h2>Mục</h2>" in body and "<em>nghiêng</em>" in body
    assert "<script>alert" not in body
    assert count(app, Article) == before


def test_live_preview_answers_htmx_with_the_sanitised_fragment(editor):
    token = staff_csrf(editor)
    response = editor.post("/quan-tri/bai-viet/xem-truoc", headers={"HX-Request": "true"},
                           data={"csrf_token": token, "body": "# Tiêu đề\n\n"
                                 "[x](javascript:alert(1)) <img src=x onerror=alert(1)>"})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<h2>Tiêu đề</h2>" in body and "<html" not in body
    assert executable_parts(body) == []
    assert "HX-Request" in response.headers["Vary"]
    page = editor.post("/quan-tri/bai-viet/xem-truoc", data={"csrf_token": token, "body": "a"})
    assert page.status_code == 200 and "<html" in page.get_data(as_text=True)


def test_the_editor_textarea_previews_through_htmx(editor):
    body = editor.get("/quan-tri/bai-viet/moi").get_data(as_text=True)
    assert 'hx-post="/quan-tri/bai-viet/xem-truoc"' in body
    assert 'hx-trigger="input changed delay:400ms"' in body
    assert 'hx-target="#article-preview"' in body


def test_old_html_articles_open_in_the_editor_with_their_html(app, editor):
    article_id = sample_article_id(app)
    body = editor.get(f"/quan-tri/bai-viet/{article_id}").get_data(as_text=True)
    assert "Một là" in body  # the seed article's body, from body_html


def test_saving_clears_the_article_page_cache(app, editor):
    cleared = []
    app.extensions["danvan_article_cache_clear"] = cleared.append
    article_id = sample_article_id(app)
    token = staff_csrf(editor)
    editor.post(f"/quan-tri/bai-viet/{article_id}", data=article_data(token))
    editor.post(f"/quan-tri/bai-viet/{article_id}",
                data={"csrf_token": token, "action": "unpublish"})
    assert cleared == [article_id, article_id]




@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_saved_bodies_keep_nothing_executable(app, editor, vector):
    editor.post("/quan-tri/bai-viet/moi",
                data=article_data(staff_csrf(editor), body=f"Trước\n\n{vector}\n\nSau"))
    with app.app_context():
        html = db.session.scalar(select(Article.body_html).order_by(Article.id.desc()))
    assert executable_parts(html) == [], html
    assert "Trước" in html  # the text before the vector survives


# --- images -----------------------------------------------------------------------------------

def upload(client, data: bytes, name: str, htmx: bool = False, token: str | None = None):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post("/quan-tri/anh/", headers=headers, content_type="multipart/form-data",
                       data={"csrf_token": token or staff_csrf(client),
                             "image": (io.BytesIO(data), name)})


def test_an_image_is_resized_converted_and_served(app, editor):
    app.config["UPLOAD_MAX_WIDTH"] = 100
    response = upload(editor, png_bytes((400, 200)), "anh.jpg")  # the name lies; content wins
    assert response.status_code == 303
    with app.app_context():
        row = db.session.scalar(select(Upload))
        assert (row.width, row.height) == (100, 50)
        stored = app.instance_path + "/uploads/" + row.name
    with Image.open(stored) as image:
        assert image.format == "WEBP"
    served = app.test_client().get(f"/uploads/{row.name}")
    assert served.status_code == 200 and served.mimetype == "image/webp"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in served.headers["Cache-Control"]
    assert "max-age=31536000" in served.headers["Cache-Control"]
    served.close()
    assert audit_actions(app) == ["upload.create"]


def test_the_same_image_twice_is_stored_once(app, editor):
    upload(editor, png_bytes(), "a.png")
    upload(editor, png_bytes(), "b.png")
    assert count(app, Upload) == 1


@pytest.mark.parametrize("data,name", [
    (b"<?php system($_GET['c']); ?>", "anh.png"),
    (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "anh.svg"),
    (b"GIF89a" + b"\x00" * 20, "anh.gif"),       # a header and nothing after it
    (png_bytes()[:60], "anh.png"),                # truncated
    (b"%PDF-1.4 not an image", "anh.jpg"),
])
def test_a_non_image_with_an_image_name_is_refused(app, editor, data, name):
    response = upload(editor, data, name)
    assert response.status_code == 400
    assert "không phải là ảnh" in response.get_data(as_text=True)
    assert count(app, Upload) == 0
    assert list(Path(app.instance_path, "uploads").glob("*")) == []


def test_htmx_upload_gets_the_fragment(editor):
    response = upload(editor, png_bytes(), "a.png", htmx=True)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<html" not in body and "![Mô tả ảnh](/uploads/" in body
    refused = upload(editor, b"not an image", "x.png", htmx=True)
    assert refused.status_code == 400 and 'role="alert"' in refused.get_data(as_text=True)


def test_too_large_an_upload_is_refused_in_vietnamese(app, editor):
    app.config["UPLOAD_MAX_BYTES"] = 2048
    response = upload(editor, png_bytes((300, 300), fmt="BMP"), "big.png")
    assert response.status_code == 413
    assert "Tệp ảnh quá lớn" in response.get_data(as_text=True)
    assert count(app, Upload) == 0


def test_an_upload_without_a_file_is_refused(editor):
    response = editor.post("/quan-tri/anh/", data={"csrf_token": staff_csrf(editor)},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Vui lòng chọn một tệp ảnh." in response.get_data(as_text=True)


@pytest.mark.parametrize("name", ["../secret_key", "abc.webp", "x" * 32 + ".webp"])
def test_only_hashed_upload_names_are_served(client, name):
    assert client.get(f"/uploads/{name}").status_code == 404


# --- banners and links ------------------------------------------------------------------------

def banner_form(token, **overrides):
    data = {"csrf_token": token, "title": "Học tập và làm theo Bác", "link_url": "",
            "position": "sidebar-top", "image": (io.BytesIO(png_bytes((600, 200))), "b.png")}
    data.update(overrides)
    return data


def test_a_banner_with_an_uploaded_image_appears_in_the_sidebar(app, editor):
    response = editor.post("/quan-tri/bieu-ngu/moi", content_type="multipart/form-data",
                           data=banner_form(staff_csrf(editor), link_url="https://example.org/"))
    assert response.status_code == 303
    with app.app_context():
        banner = db.session.scalar(select(Banner).order_by(Banner.id.desc()))
        assert banner.image.startswith("uploads/") and banner.image.endswith(".webp")
        assert (banner.width, banner.height) == (600, 200)
    home = editor.get("/").get_data(as_text=True)
    assert f'src="/{banner.image}"' in home and 'alt="Học tập và làm theo Bác"' in home
    assert 'src="data:image/svg+xml;base64,' in home  # the seed banners: small SVGs, inline
    assert audit_actions(app)[-1] == "banner.create"


@pytest.mark.parametrize("overrides,message,status", [
    ({"title": ""}, "Vui lòng nhập mô tả ảnh.", 422),
    ({"link_url": "javascript:alert(1)"}, "Địa chỉ phải bắt đầu bằng http://", 422),
    ({"position": "header"}, "Vị trí không hợp lệ.", 422),
    ({"image": (io.BytesIO(b""), "")}, "Vui lòng chọn tệp ảnh cho biểu ngữ.", 422),
    ({"image": (io.BytesIO(b"<html>"), "b.png")}, "không phải là ảnh", 400),
])
def test_invalid_banners_are_refused(app, editor, overrides, message, status):
    before = count(app, Banner)
    response = editor.post("/quan-tri/bieu-ngu/moi", content_type="multipart/form-data",
                           data=banner_form(staff_csrf(editor), **overrides))
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert count(app, Banner) == before


def test_editing_a_banner_keeps_its_image_without_a_new_file(app, editor):
    with app.app_context():
        banner_id, image = db.session.execute(select(Banner.id, Banner.image)).first()
    response = editor.post(f"/quan-tri/bieu-ngu/{banner_id}", content_type="multipart/form-data",
                           data=banner_form(staff_csrf(editor), title="Biển đảo quê hương",
                                            image=(io.BytesIO(b""), "")))
    assert response.status_code == 303
    with app.app_context():
        banner = db.session.get(Banner, banner_id)
        assert (banner.title, banner.image) == ("Biển đảo quê hương", image)
    assert "Biển đảo quê hương" in editor.get("/").get_data(as_text=True)


def ordered_titles(app, model, **where):
    with app.app_context():
        query = select(model.title).order_by(model.sort_order, model.id)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return list(db.session.scalars(query))


def test_moving_links_up_and_down(app, editor):
    token = staff_csrf(editor)
    titles = ordered_titles(app, Link)
    assert len(titles) >= 2
    with app.app_context():
        second = db.session.scalar(select(Link).where(Link.title == titles[1]))
    response = editor.post(f"/quan-tri/lien-ket/{second.id}/di-chuyen",
                           data={"csrf_token": token, "direction": "up"})
    assert response.status_code == 303
    assert ordered_titles(app, Link)[:2] == [titles[1], titles[0]]
    sidebar = editor.get("/").get_data(as_text=True)
    assert sidebar.index(titles[1]) < sidebar.index(titles[0])
    # At the top already: nothing moves, and the answer says so.
    response = editor.post(f"/quan-tri/lien-ket/{second.id}/di-chuyen",
                           headers={"HX-Request": "true"},
                           data={"csrf_token": token, "direction": "up"})
    assert response.status_code == 200 and "đã ở vị trí đầu" in response.get_data(as_text=True)
    assert 'id="sidebar-lists"' in response.get_data(as_text=True)
    assert ordered_titles(app, Link)[:2] == [titles[1], titles[0]]
    assert audit_actions(app) == ["link.move"]


def test_moving_banners_stays_within_their_position(app, editor):
    top = ordered_titles(app, Banner, position="sidebar-top")
    with app.app_context():
        first = db.session.scalar(select(Banner).where(Banner.title == top[0]))
    editor.post(f"/quan-tri/bieu-ngu/{first.id}/di-chuyen",
                data={"csrf_token": staff_csrf(editor), "direction": "down"})
    moved = ordered_titles(app, Banner, position="sidebar-top")
    assert sorted(moved) == sorted(top)
    if len(top) > 1:
        assert moved[1] == top[0]


def test_a_bad_direction_is_refused(app, editor):
    before = ordered_titles(app, Link)
    response = editor.post("/quan-tri/lien-ket/1/di-chuyen",
                           data={"csrf_token": staff_csrf(editor), "direction": "sideways"})
    assert response.status_code == 400
    assert "Hướng di chuyển không hợp lệ." in response.get_data(as_text=True)
    assert ordered_titles(app, Link) == before


def test_disabling_and_enabling_a_link(app, editor):
    token = staff_csrf(editor)
    with app.app_context():
        link = db.session.scalar(select(Link).order_by(Link.id))
    assert link.title in editor.get("/").get_data(as_text=True)
    editor.post(f"/quan-tri/lien-ket/{link.id}/bat-tat", data={"csrf_token": token, "enabled": "0"})
    assert link.title not in editor.get("/").get_data(as_text=True)
    editor.post(f"/quan-tri/lien-ket/{link.id}/bat-tat", data={"csrf_token": token, "enabled": "1"})
    assert link.title in editor.get("/").get_data(as_text=True)
    bad = editor.post(f"/quan-tri/lien-ket/{link.id}/bat-tat",
                      data={"csrf_token": token, "enabled": "maybe"})
    assert bad.status_code == 400
    assert audit_actions(app) == ["link.disable", "link.enable"]


def test_adding_and_editing_links(app, editor):
    token = staff_csrf(editor)
    response = editor.post("/quan-tri/lien-ket/moi", data={
        "csrf_token": token, "title": "Báo Nhân Dân", "url": "https://nhandan.vn/"})
    assert response.status_code == 303
    assert ordered_titles(app, Link)[-1] == "Báo Nhân Dân"
    with app.app_context():
        link_id = db.session.scalar(select(Link.id).where(Link.title == "Báo Nhân Dân"))
    editor.post(f"/quan-tri/lien-ket/{link_id}", data={
        "csrf_token": token, "title": "Báo Nhân Dân điện tử", "url": "/tin-tuc/1"})
    assert "Báo Nhân Dân điện tử" in editor.get("/").get_data(as_text=True)
    for data, message in [({"title": "", "url": "https://a.vn"}, "Vui lòng nhập tên trang."),
                          ({"title": "x", "url": ""}, "Vui lòng nhập địa chỉ."),
                          ({"title": "x", "url": "data:text/html,x"}, "Địa chỉ phải bắt đầu")]:
        response = editor.post("/quan-tri/lien-ket/moi", data={"csrf_token": token, **data})
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert audit_actions(app) == ["link.create", "link.update"]


# --- responses --------------------------------------------------------------------------------

def add_votes(app, article_id: int, stars: list[int]) -> None:
    from danvan.rating import record_vote

    with app.test_request_context():
        for number, value in enumerate(stars):
            record_vote(article_id, f"visitor:test{number}", value, f"10.0.0.{number}", 1000)


def test_the_responses_page_shows_the_distribution(app, editor):
    article_id = sample_article_id(app)
    add_votes(app, article_id, [5, 5, 4, 1])
    body = editor.get(f"/quan-tri/bai-viet/{article_id}/phan-hoi").get_data(as_text=True)
    assert "Tổng số điểm của bài viết là: 15 trong 4 đánh giá" in body
    assert "Xếp hạng: 3.8 - 4 phiếu bầu" in body
    assert 'value="2"' in body  # two five-star votes on the meter
    dashboard = editor.get("/quan-tri/").get_data(as_text=True)
    assert "3.8 (4 phiếu)" in dashboard


def test_the_votes_csv_has_stars_and_times_only(app, editor):
    article_id = sample_article_id(app)
    add_votes(app, article_id, [3, 4])
    response = editor.get(f"/quan-tri/bai-viet/{article_id}/danh-gia.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["so_sao", "so_sao_truoc_khi_doi", "danh_gia_luc", "cap_nhat_luc"]
    assert sorted(row[0] for row in rows[1:]) == ["3", "4"]
    assert "visitor:" not in text and "10.0.0" not in text
    with app.app_context():
        hashes = list(db.session.scalars(select(RatingVote.ip_hash)))
    assert all(value not in text for value in hashes)


def test_reset_needs_the_confirmation_tick(app, editor):
    article_id = sample_article_id(app)
    add_votes(app, article_id, [5, 2])
    token = staff_csrf(editor)
    response = editor.post(f"/quan-tri/bai-viet/{article_id}/danh-gia/xoa",
                           data={"csrf_token": token})
    assert response.status_code == 422
    assert "Hãy đánh dấu ô xác nhận trước khi xoá." in response.get_data(as_text=True)
    assert count(app, RatingVote) == 2
    response = editor.post(f"/quan-tri/bai-viet/{article_id}/danh-gia/xoa",
                           data={"csrf_token": token, "confirm": "y"})
    assert response.status_code == 303
    assert count(app, RatingVote) == 0 and count(app, RatingSummary) == 0
    assert "Đã xoá 2 phiếu đánh giá." in editor.get(response.headers["Location"]).get_data(
        as_text=True)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry))
        assert (entry.action, entry.target_id, entry.username) == (
            "rating.reset", str(article_id), "lan")
        assert entry.detail.endswith("2 phiếu")


def test_statistics_chart_and_csv_show_the_last_30_days(app, editor):
    from danvan.database import add_to_counters

    today = local_day(now())
    yesterday = today - timedelta(days=1)  # today also counts this test's own page views
    with app.app_context():
        add_to_counters(DailyCount, {"day": yesterday, "metric": "visits"}, {"value": 7})
        add_to_counters(DailyCount, {"day": yesterday, "metric": "page_views"}, {"value": 19})
        add_to_counters(DailyCount, {"day": today - timedelta(days=3), "metric": "visits"},
                        {"value": 2})
        add_to_counters(DailyCount, {"day": today - timedelta(days=30), "metric": "visits"},
                        {"value": 1000})  # 31 days ago: outside the window
        db.session.commit()
    body = editor.get("/quan-tri/thong-ke/").get_data(as_text=True)
    assert "<svg" in body and body.count('class="chart__bar ') == 60
    assert f"{yesterday:%d/%m}: Lượt xem trang 19" in body
    assert f"{yesterday:%d/%m}: Lượt truy cập 7" in body
    assert audit(body).inline_styles == []
    rows = list(csv.reader(io.StringIO(
        editor.get("/quan-tri/thong-ke.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["ngay", "luot_truy_cap", "luot_xem_trang"]
    assert len(rows) == 31 and rows[-2] == [yesterday.isoformat(), "7", "19"]
    assert rows[-1][0] == today.isoformat()
    assert "1000" not in [row[1] for row in rows]
    assert rows[1][0] == (today - timedelta(days=29)).isoformat()


# --- accounts and the audit log ---------------------------------------------------------------

def test_an_admin_creates_an_account_that_can_sign_in(app, admin):
    token = staff_csrf(admin)
    response = admin.post("/quan-tri/tai-khoan/", data={
        "csrf_token": token, "username": "hoa", "role": "editor",
        "password": PASSWORD, "password_again": PASSWORD})
    assert response.status_code == 303
    assert sign_in(app.test_client(), "hoa").status_code == 303
    assert audit_actions(app) == ["user.create"]


@pytest.mark.parametrize("data,message", [
    ({"username": ""}, "Vui lòng nhập tên đăng nhập."),
    ({"username": "quantri"}, "Tên đăng nhập này đã có người dùng."),
    ({"username": "có dấu cách"}, "Tên đăng nhập chỉ gồm"),
    ({"password": "ngan", "password_again": "ngan"}, "Mật khẩu cần ít nhất 10 ký tự."),
    ({"password_again": "khac-hoan-toan-123"}, "Hai lần nhập mật khẩu không khớp nhau."),
    ({"role": "superuser"}, "Quyền không hợp lệ."),
])
def test_invalid_accounts_are_refused(app, admin, data, message):
    form = {"csrf_token": staff_csrf(admin), "username": "hoa", "role": "editor",
            "password": PASSWORD, "password_again": PASSWORD, **data}
    response = admin.post("/quan-tri/tai-khoan/", data=form)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(app, User) == 1


def test_disabling_an_account_ends_its_sessions(app, admin):
    editor_id = make_user(app, "lan")
    editor = app.test_client()
    sign_in(editor, "lan")
    assert editor.get("/quan-tri/").status_code == 200
    response = admin.post(f"/quan-tri/tai-khoan/{editor_id}/trang-thai",
                          data={"csrf_token": staff_csrf(admin), "active": "0"})
    assert response.status_code == 303
    assert "1 phiên đăng nhập đã kết thúc" in admin.get("/quan-tri/tai-khoan/").get_data(
        as_text=True)
    ended = editor.get("/quan-tri/")
    assert ended.status_code == 303 and "reason=" in ended.headers["Location"]
    assert sign_in(app.test_client(), "lan").status_code == 401
    assert count(app, StaffSession, StaffSession.user_id == editor_id,
                 StaffSession.revoked.is_(False)) == 0
    admin.post(f"/quan-tri/tai-khoan/{editor_id}/trang-thai",
               data={"csrf_token": staff_csrf(admin), "active": "1"})
    assert sign_in(app.test_client(), "lan").status_code == 303
    assert audit_actions(app) == ["user.disable", "user.enable"]


def test_an_admin_cannot_disable_themself(app, admin):
    with app.app_context():
        admin_id = db.session.scalar(select(User.id).where(User.username == "quantri"))
    response = admin.post(f"/quan-tri/tai-khoan/{admin_id}/trang-thai",
                          data={"csrf_token": staff_csrf(admin), "active": "0"})
    assert response.status_code == 400
    assert "không thể tự khoá" in response.get_data(as_text=True)
    assert admin.get("/quan-tri/").status_code == 200


def test_resetting_a_password(app, admin):
    editor_id = make_user(app, "lan")
    editor = app.test_client()
    sign_in(editor, "lan")
    token = staff_csrf(admin)
    bad = admin.post(f"/quan-tri/tai-khoan/{editor_id}/mat-khau", data={
        "csrf_token": token, f"u{editor_id}-password": "ngan",
        f"u{editor_id}-password_again": "ngan"})
    assert bad.status_code == 422 and "Mật khẩu cần ít nhất 10 ký tự." in bad.get_data(
        as_text=True)
    new = "mat-khau-moi-hoan-toan"
    response = admin.post(f"/quan-tri/tai-khoan/{editor_id}/mat-khau", data={
        "csrf_token": token, f"u{editor_id}-password": new, f"u{editor_id}-password_again": new})
    assert response.status_code == 303
    assert editor.get("/quan-tri/").status_code == 303  # signed out everywhere
    assert sign_in(app.test_client(), "lan").status_code == 401
    assert sign_in(app.test_client(), "lan", password=new).status_code == 303
    assert audit_actions(app) == ["user.password"]


def test_the_audit_log_lists_changes_for_admins(app, admin, editor):
    editor.post("/quan-tri/bai-viet/moi", data=article_data(staff_csrf(editor), title="Bài A"))
    body = admin.get("/quan-tri/nhat-ky/").get_data(as_text=True)
    assert "Tạo bài viết" in body and "Bài A" in body and "<th scope=\"row\">lan</th>" in body
    assert admin.get("/quan-tri/nhat-ky/?page=99").status_code == 200
