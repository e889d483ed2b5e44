"""Approved comments under the article: in order, answered, paginated, counted in the date
line and the JSON-LD, refreshed in the shell on approval, the same bytes for every reader."""

from __future__ import annotations

import json
import re

from danvan.comments import moderation
from danvan.comments.text import comment_html, imitates_staff
from danvan.extensions import db
from danvan.staff.models import User
from tests.support.comments import ARTICLE_PAGE, add_comments, has_read
from tests.support.live_server import BROWSER_UA
from tests.support.staff import make_user
from tests.support.xss_corpus import XSS_VECTORS


def section(page: str) -> str:
    """The comments section of an article page."""
    start = page.index('<section class="comments" id="phan-hoi"')
    return page[start : page.index("</section>", start)]


def json_ld(page: str) -> dict:
    return json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1]
    )


def test_approved_comments_show_in_order_with_answers_and_counts(app, client):
    user_id = make_user(app, "bientap", role="editor")
    with app.app_context():
        ids = add_comments(1, 3, name="Trần Văn Nam")
        waiting = add_comments(1, 1, body="Chưa duyệt")
        assert client.get(ARTICLE_PAGE).status_code == 200  # the shell is built before approval
        moderation.approve(ids)
        moderation.answer(ids[1], "Cảm ơn ý kiến của bạn.", db.session.get(User, user_id))
        moderation.approve(waiting)
        moderation.reject(waiting)
    page = client.get(ARTICLE_PAGE).get_data(as_text=True)
    shown = section(page)
    assert [int(n) for n in re.findall(r'id="phan-hoi-(\d+)"', shown)] == ids
    assert "Chưa duyệt" not in page
    assert "Ban biên tập trả lời" in shown and "(bientap)" in shown
    assert "Cảm ơn ý kiến của bạn." in shown
    assert 'Phản hồi: <a href="#phan-hoi">3</a>' in page
    assert json_ld(page)["commentCount"] == 3


def test_twenty_a_page_and_later_pages_at_their_own_address(app, client):
    with app.app_context():
        moderation.approve(add_comments(1, 25))
    first = section(client.get(ARTICLE_PAGE).get_data(as_text=True))
    assert first.count('class="comment"') == 20 and "Ý kiến số 20<" in first
    assert 'href="/tin-tuc/1/phan-hoi?trang=2"' in first
    second = client.get("/tin-tuc/1/phan-hoi?trang=2")
    text = second.get_data(as_text=True)
    assert second.status_code == 200 and text.count('class="comment"') == 5
    assert "Ý kiến số 21<" in text and 'start="21"' in text
    assert client.get("/tin-tuc/1/phan-hoi?trang=3").status_code == 404
    assert client.get("/tin-tuc/1/phan-hoi").status_code == 301
    assert client.get("/tin-tuc/999/phan-hoi?trang=2").status_code == 404


def test_a_writers_browser_gets_the_same_article_bytes_as_anyone(app):
    writer = app.test_client()
    writer.environ_base.update(HTTP_USER_AGENT=BROWSER_UA)
    has_read(app, writer)
    answer = writer.post("/tin-tuc/1/phan-hoi", data={"name": "Lan", "body": "Ý kiến"})
    assert answer.status_code == 303 and writer.get_cookie("danvan_writer") is not None
    stranger = app.test_client()
    mine, theirs = writer.get(ARTICLE_PAGE), stranger.get(ARTICLE_PAGE)
    assert mine.data == theirs.data and mine.headers["Cache-Control"].startswith("public")


def test_text_is_escaped_and_only_web_links_are_links():
    html = str(comment_html("Xem https://a.vn/b?x=1&y=2. Rồi\n\n<b>đậm</b> javascript:alert(1)"))
    assert html == (
        '<p>Xem <a href="https://a.vn/b?x=1&amp;y=2" rel="nofollow ugc">https://a.vn/b?x=1&amp;y=2</a>.'
        " Rồi</p><p>&lt;b&gt;đậm&lt;/b&gt; javascript:alert(1)</p>"
    )
    sneaky = str(comment_html('https://a.vn/"onmouseover="alert(1)'))
    assert sneaky.startswith('<p><a href="https://a.vn/" rel="nofollow ugc">')
    assert '"onmouseover' not in sneaky
    assert str(comment_html("một\ndòng")) == "<p>một<br>dòng</p>"


def test_names_imitating_staff_are_recognised_without_diacritics():
    for name in (
        "Ban biên tập",
        "BAN BIEN TAP",
        "ban-biên-tập",
        "Quản trị viên",
        "admin",
        "Ban Dân vận Tỉnh ủy",
        "B B T",
        "Tòa soạn",
        "Quan tri",
        "QUẢN TRỊ",
        "Nguyễn Văn An - Quản trị viên",
        "A.d.m.i.n",
    ):
        assert imitates_staff(name), name
    # Real names that fold the same way as a staff phrase, written with their own diacritics.
    for name in ("Nguyễn Văn An", "Bảo Ngọc", "Trần Thị Bình", "Adam", "Nguyễn Quân Trí"):
        assert not imitates_staff(name), name


def test_the_xss_corpus_posted_as_comments_is_inert_on_the_page(app, client):
    with app.app_context():
        moderation.approve(
            [add_comments(1, 1, name=vector[:100], body=vector)[0] for vector in XSS_VECTORS]
        )
    shown = section(client.get(ARTICLE_PAGE).get_data(as_text=True))
    assert shown.count('class="comment"') == len(XSS_VECTORS)
    # The only tags in the section are the page's own: no tag a vector wrote survives.
    tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", shown))
    assert tags <= {
        "section",
        "h2",
        "ol",
        "li",
        "p",
        "strong",
        "time",
        "div",
        "br",
        "form",
        "h3",
        "label",
        "input",
        "textarea",
        "button",
        "a",
    }
    assert not re.search(
        r"<(?:script|img|svg|iframe|object|embed|style|meta|base|details|math)", shown
    )
    assert not re.search(r'<a [^>]*href="(?!/|https?://)', shown)
