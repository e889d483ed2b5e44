"""The comments' moderation queue: who may open it, its order, filters and pages, what each
comment shows (as text), the dashboard's count, the menu and the article editor's switch."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import url_for
from sqlalchemy import select

from danvan.comments.models import Comment
from danvan.content.models import Article, ArticleStatus
from danvan.core.clock import utcnow
from danvan.extensions import db
from tests.support.comments import add_comments
from tests.support.publishing import article_data, sample_article_id
from tests.support.staff import make_user, sign_in, staff_csrf

QUEUE = "/quan-tri/phan-hoi/"


def add_comment_rows(app, article_id: int, count: int, status: str = "pending", **fields):
    """``count`` comments one minute apart (``offset`` minutes later), oldest first, named
    ``Người đọc 1``…; their ids."""
    start = utcnow() - timedelta(hours=3) + timedelta(minutes=fields.pop("offset", 0))
    with app.app_context():
        ids = add_comments(article_id, count, status, **fields)
        for number, comment_id in enumerate(ids):
            db.session.get(Comment, comment_id).created_at = start + timedelta(minutes=number)
        db.session.commit()
        return ids


def second_article(app, title: str = "Bài thứ hai về dân vận") -> int:
    with app.app_context():
        article = Article(
            title=title,
            slug="bai-thu-hai",
            status=ArticleStatus.PUBLISHED.value,
            published_at=utcnow() - timedelta(days=1),
            body_html="<p>Nội dung.</p>",
        )
        db.session.add(article)
        db.session.commit()
        return article.id


def names(html: str) -> list[str]:
    return re.findall(r'<h2 id="phan-hoi-\d+">([^<]+)</h2>', html)


@pytest.mark.parametrize(
    "path", [QUEUE, "/quan-tri/phan-hoi/1/xoa", "/quan-tri/phan-hoi/1/tra-loi"]
)
def test_signed_out_visitors_are_sent_to_sign_in(app, client, path):
    add_comment_rows(app, sample_article_id(app), 1)
    response = client.get(path)
    assert response.status_code == 303 and response.headers["Location"].startswith("/login")


def test_a_disabled_account_cannot_open_the_queue(app):
    make_user(app, "khoa", role="editor")
    staff = app.test_client()
    assert sign_in(staff, "khoa").status_code == 303
    with app.app_context():
        from danvan.staff.models import User

        db.session.scalars(select(User).where(User.username == "khoa")).one().active = False
        db.session.commit()
    response = staff.get(QUEUE)
    assert response.status_code == 303 and response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("who", ["editor", "admin"])
def test_pending_comments_come_oldest_first_twenty_to_a_page(app, request, who):
    article_id = sample_article_id(app)
    add_comment_rows(app, article_id, 23)
    add_comment_rows(app, article_id, 2, status="approved", name="Đã duyệt", offset=100)
    add_comment_rows(app, article_id, 1, status="rejected", name="Bị từ chối")
    staff = request.getfixturevalue(who)
    first = staff.get(QUEUE)
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-store"
    assert names(first.text) == [f"Người đọc {n}" for n in range(1, 21)]
    assert "Đang chờ duyệt: <strong>23</strong> phản hồi." in first.text
    assert 'href="/quan-tri/phan-hoi/?page=2&amp;loc=cho-duyet" rel="next"' in first.text
    second = staff.get(QUEUE + "?loc=cho-duyet&page=2")
    assert names(second.text) == [f"Người đọc {n}" for n in (21, 22, 23)]
    assert names(staff.get(QUEUE + "?loc=da-duyet").text) == ["Đã duyệt"] * 2
    assert names(staff.get(QUEUE + "?loc=da-tu-choi").text) == ["Bị từ chối"]
    # Past the last page (the moderator approved the whole of it): the last page there is.
    assert names(staff.get(QUEUE + "?page=99").text) == names(second.text)
    assert "Không có phản hồi nào." in staff.get(QUEUE + "?loc=da-tu-choi&bai-viet=999").text


def test_approved_ones_come_newest_first(app, editor):
    add_comment_rows(app, sample_article_id(app), 3, status="approved")
    assert names(editor.get(QUEUE + "?loc=da-duyet").text) == [
        "Người đọc 3",
        "Người đọc 2",
        "Người đọc 1",
    ]


def test_the_article_filter_shows_one_articles_comments(app, editor):
    first = sample_article_id(app)
    other = second_article(app)
    add_comment_rows(app, first, 2, name="Ở bài một")
    add_comment_rows(app, other, 1, name="Ở bài hai", offset=10)
    page = editor.get(QUEUE).text
    assert names(page) == ["Ở bài một", "Ở bài một", "Ở bài hai"]
    # The filter offers the articles that have comments, and each comment links to its own.
    assert f'<option value="{other}">Bài thứ hai về dân vận</option>' in page
    assert f'href="/quan-tri/phan-hoi/?loc=cho-duyet&amp;bai-viet={other}"' in page
    only = editor.get(f"{QUEUE}?loc=cho-duyet&bai-viet={other}").text
    assert names(only) == ["Ở bài hai"]
    assert f'<option value="{other}" selected>' in only
    assert "Chỉ phản hồi của bài “Bài thứ hai về dân vận”." in only


@pytest.mark.parametrize(
    "query", ["loc=tat-ca", "loc=%3Cb%3E", "bai-viet=abc", "bai-viet=0", "bai-viet=99999999999"]
)
def test_a_bad_filter_is_refused_in_vietnamese(app, editor, query):
    response = editor.get(f"{QUEUE}?{query}")
    assert response.status_code == 400
    assert "Bộ lọc không hợp lệ" in response.text


def test_each_comment_shows_its_article_writer_email_text_and_time(app, editor):
    article_id = sample_article_id(app)
    (comment_id,) = add_comment_rows(
        app, article_id, 1, name="Chị Hoa", email="hoa@example.vn", body="Dòng một.\nDòng hai."
    )
    page = editor.get(QUEUE).text
    with app.test_request_context():
        article = db.session.get(Article, article_id)
        link = url_for("articles.article", slug=article.slug, article_id=article.id)
        title = article.title
    assert f'<a href="{link}">{title}</a>' in page  # the article's public page
    assert "Chị Hoa" in page and 'href="mailto:hoa@example.vn"' in page
    assert '<div class="inbox__text">Dòng một.\nDòng hai.</div>' in page
    assert re.search(r'<time datetime="[0-9T:+-]+">[^<]+ - \d\d/\d\d/\d{4} \d\d:\d\d</time>', page)
    for action in ("Duyệt", "Từ chối", "Trả lời", "Xoá"):
        assert f'aria-label="{action}: phản hồi của Chị Hoa"' in page
    assert f'name="chon" value="{comment_id}" id="chon-{comment_id}"' in page


def test_a_comment_is_shown_as_text_never_as_html(app, editor):
    add_comment_rows(
        app,
        sample_article_id(app),
        1,
        name="<b>Kẻ xấu</b>",
        body='<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:1">x</a>',
    )
    html = editor.get(QUEUE).text
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b>Kẻ" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b&gt;Kẻ xấu&lt;/b&gt;" in html


def test_the_dashboard_counts_waiting_comments_and_links_to_the_queue(app, editor):
    article_id = sample_article_id(app)
    assert "Phản hồi chờ duyệt: <strong>0</strong>" in editor.get("/quan-tri/").text
    add_comment_rows(app, article_id, 3)
    add_comment_rows(app, article_id, 2, status="approved")
    dashboard = editor.get("/quan-tri/").text
    assert '<a href="/quan-tri/phan-hoi/">Phản hồi chờ duyệt: <strong>3</strong></a>' in dashboard


def test_the_staff_menu_leads_to_the_queue(app, editor):
    menu = editor.get("/quan-tri/").text.split('aria-label="Quản trị"', 1)[1].split("</nav>")[0]
    assert '<a href="/quan-tri/phan-hoi/">Phản hồi</a>' in menu
    queue = editor.get(QUEUE).text
    assert '<a href="/quan-tri/phan-hoi/" aria-current="page">Phản hồi</a>' in queue


def test_the_editor_switches_an_articles_comments_off_and_on(app, editor):
    article_id = sample_article_id(app)
    form = editor.get(f"/quan-tri/bai-viet/{article_id}").text
    assert re.search(r'<input checked id="comments_enabled" name="comments_enabled"', form)
    assert "Cho phép phản hồi" in form
    token = staff_csrf(editor)
    data = article_data(token, action="save")  # the box left unticked: comments off
    assert editor.post(f"/quan-tri/bai-viet/{article_id}", data=data).status_code == 303
    with app.app_context():
        assert db.session.get(Article, article_id).comments_enabled is False
    form = editor.get(f"/quan-tri/bai-viet/{article_id}").text
    assert re.search(r'<input id="comments_enabled" name="comments_enabled"', form)
    data["comments_enabled"] = "y"
    assert editor.post(f"/quan-tri/bai-viet/{article_id}", data=data).status_code == 303
    with app.app_context():
        assert db.session.get(Article, article_id).comments_enabled is True
    # A new article allows comments unless the box is unticked.
    new = editor.get("/quan-tri/bai-viet/moi").text
    assert re.search(r'<input checked id="comments_enabled" name="comments_enabled"', new)


def test_the_editor_says_when_comments_are_off_site_wide(app_factory):
    from danvan.content.sample import load_sample_content
    from tests.support.staff import signed_in_client

    app = app_factory(COMMENTS_ENABLED=False)
    with app.app_context():
        load_sample_content()
    staff = signed_in_client(app, "lan", role="editor")
    assert "Phản hồi đang tắt trên toàn trang" in staff.get("/quan-tri/bai-viet/1").text
