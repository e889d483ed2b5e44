"""The print view (``?print=1``) and the redirects that keep a query string."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
import time_machine

from danvan.content.models import Article, ArticleStatus
from danvan.core.caches import ARTICLE, forget
from danvan.extensions import db
from tests.site.test_pages import ARTICLE_PATH, add_article
from tests.support.beacon import beacon_paths
from tests.support.html_checks import audit
from tests.support.live_server import BROWSER_UA
from tests.support.site_host import SITE

# These tests count this site's own views, votes and visits from zero.
pytestmark = pytest.mark.usefixtures("sample_without_figures")

PRINT_PATH = ARTICLE_PATH + "?print=1"


class Elements(HTMLParser):
    """Every start tag with its attributes, and the page's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def classes(self) -> set[str]:
        return {name for _, attrs in self.tags for name in (attrs.get("class") or "").split()}

    def has(self, tag: str) -> bool:
        return any(name == tag for name, _ in self.tags)


def elements(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser


# Redirects ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/tin-tuc/1", "/tin-tuc/sai-duong-dan-1"])
def test_the_redirect_keeps_the_query_string(client, path):
    response = client.get(path + "?print=1")
    assert response.status_code == 301
    assert response.headers["Location"] == PRINT_PATH
    several = client.get(path + "?save=1&utm_source=zalo&tag=a&tag=b")
    assert several.headers["Location"] == ARTICLE_PATH + "?save=1&utm_source=zalo&tag=a&tag=b"


def test_the_redirect_without_a_query_has_no_question_mark(client):
    assert client.get("/tin-tuc/1").headers["Location"] == ARTICLE_PATH
    assert client.get("/tin-tuc/1?").headers["Location"] == ARTICLE_PATH


@pytest.mark.parametrize(
    "query",
    [
        "//evil.example/",
        "@evil.example",
        "x=https://evil.example/%0d%0aLocation:%20https://evil.example/",
        "next=//evil.example&print=1",
        "\\\\evil.example",
        "a=%2F%2Fevil.example%2F#frag",
        "%E2%80%AE=%F0%9F%98%80&q=d%C3%A2n+v%E1%BA%ADn",
    ],
)
def test_a_crafted_query_cannot_leave_the_site(client, query):
    response = client.get("/tin-tuc/1?" + query)
    if response.status_code == 400:  # a control character: refused before any view
        assert "ký tự điều khiển" in response.text
        return
    assert response.status_code == 301
    location = response.headers["Location"]
    path, _, rebuilt = location.partition("?")
    assert path == ARTICLE_PATH
    # Re-encoded: nothing in the query that a browser could read as a new address or header.
    for character in "/\\@#:\r\n ":
        assert character not in rebuilt, (character, location)
    assert client.get(location).status_code in (200, 400)


def test_a_very_long_query_is_dropped_rather_than_sent_on(client):
    response = client.get("/tin-tuc/1?q=" + "a" * 3000)
    assert response.headers["Location"] == ARTICLE_PATH


# The print view ----------------------------------------------------------------------------


def test_print_view_shows_the_article_alone(site_client):
    response = site_client.get(PRINT_PATH)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.text
    page, tree = audit(html), elements(html)
    assert page.html_lang == "vi"
    assert page.meta["robots"] == "noindex"
    assert page.links["canonical"] == SITE + ARTICLE_PATH
    text = " ".join("".join(tree.text).split())
    assert "Ban Dân vận Tỉnh ủy" in text
    assert "CẢ HỆ THỐNG CHÍNH TRỊ CỦA TỈNH TIẾP TỤC LÀM TỐT CÔNG TÁC DÂN VẬN" in text
    assert "Chủ nhật - 24/01/2021 23:12" in text
    assert "Một là, tiếp tục tạo sự chuyển biến mạnh mẽ" in text
    assert "Sáu là, tăng cường phối hợp" in text
    assert "Nguồn tin: Lê Dũng Toàn (Tổng hợp)" in text
    assert f"Địa chỉ bài viết: {SITE}{ARTICLE_PATH}" in text
    assert "Ngày in:" in text
    # Without JavaScript: the hint; the button is there for the script to show.
    assert "Bấm Ctrl+P" in text
    button = next(attrs for tag, attrs in tree.tags if tag == "button")
    assert "hidden" in button and "data-print-button" in button
    # Only the content: no menu, sidebar, rating, statistics, share bar, form or token.
    assert not tree.has("nav") and not tree.has("aside") and not tree.has("form")
    assert not {"site-nav", "layout__aside", "rating", "stats", "share", "banner"} & tree.classes()
    for absent in ("Thống kê truy cập", "Đánh giá bài viết", "Liên kết", "Đã xem", "csrf"):
        assert absent not in html
    # Strict CSP: one stylesheet and one script of our own, nothing inline.
    assert page.inline_scripts == [] and page.inline_styles == []
    assert [script["src"].split("?")[0] for script in page.scripts] == ["/static/js/print.js"]
    assert "/static/css/print.css?v=" in html and "site.css" not in html


def test_print_view_shows_the_lead_unless_the_body_opens_with_it(app, client):
    with app.app_context():
        article = add_article(
            "Tin co tom tat",
            datetime(2024, 5, 6, 7, 8, tzinfo=UTC),
            summary="Tóm tắt riêng của bài.",
        )
        path = f"/tin-tuc/{article.slug}-{article.id}?print=1"
    html = client.get(path).text
    assert '<p class="print-article__lead">Tóm tắt riêng của bài.</p>' in html
    # The sample article's summary is its first paragraph: shown once, not twice.
    sample = client.get(PRINT_PATH).text
    assert "print-article__lead" not in sample


def test_print_view_gives_the_path_when_the_site_address_is_unknown(client):
    html = client.get(PRINT_PATH).text
    assert audit(html).links["canonical"] == ARTICLE_PATH
    assert f'href="{ARTICLE_PATH}">{ARTICLE_PATH}</a>' in html


def test_print_view_is_a_shell_with_the_printing_time_filled_per_request(app, client):
    with time_machine.travel(datetime(2026, 3, 2, 1, 30, tzinfo=UTC), tick=False):
        first = client.get(PRINT_PATH).text
    with time_machine.travel(datetime(2026, 3, 2, 1, 45, tzinfo=UTC), tick=False):
        second = client.get(PRINT_PATH).text
    assert "Thứ hai - 02/03/2026 08:30" in first
    assert "Thứ hai - 02/03/2026 08:45" in second
    assert first.replace("08:30", "08:45") == second
    with app.test_request_context():
        assert app.extensions["danvan.caches"]["site.print_pages"].peek(1) is not None


def test_print_view_follows_an_edit_of_the_article(app, client):
    assert "CẢ HỆ THỐNG" in client.get(PRINT_PATH).text
    with app.test_request_context():
        article = db.session.get(Article, 1)
        article.title = "Tiêu đề mới sau khi sửa"
        db.session.commit()
        forget(ARTICLE, 1)  # what the article editor does after a save
    assert "Tiêu đề mới sau khi sửa" in client.get(PRINT_PATH).text


def test_print_view_does_not_count_a_view_of_the_article(app, client):
    headers = {"User-Agent": BROWSER_UA}
    for _ in range(3):
        assert client.get(PRINT_PATH, headers=headers).status_code == 200
    with app.app_context():
        assert db.session.get(Article, 1).view_count == 0
    assert beacon_paths(client.get(PRINT_PATH, headers=headers).text) == []  # no beacon
    page = client.get(ARTICLE_PATH, headers=headers).text
    client.get(beacon_paths(page)[0], headers=headers)  # the article page's beacon counts it
    with app.app_context():
        assert db.session.get(Article, 1).view_count == 1


@pytest.mark.parametrize("mode", ["print", "save"])
def test_drafts_and_scheduled_articles_have_no_print_view_or_file(app, client, mode):
    now = datetime.now(UTC)
    with app.app_context():
        draft = add_article("Ban nhap", now - timedelta(days=1), status=ArticleStatus.DRAFT.value)
        scheduled = add_article("Sap dang", now + timedelta(days=1))
        paths = [f"/tin-tuc/{a.slug}-{a.id}?{mode}=1" for a in (draft, scheduled)]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 404
        assert "Không tìm thấy trang" in response.text
        assert "Content-Disposition" not in response.headers
    assert client.get(f"/tin-tuc/999?{mode}=1").status_code == 404


def test_an_unpublished_article_s_print_view_is_gone_at_once(app, client):
    assert client.get(PRINT_PATH).status_code == 200
    with app.test_request_context():
        db.session.get(Article, 1).status = ArticleStatus.DRAFT.value
        db.session.commit()
        forget(ARTICLE, 1)
    assert client.get(PRINT_PATH).status_code == 404


@pytest.mark.parametrize(
    "query",
    ["print=abc", "print=", "print=0", "print=1&print=1", "save=yes", "print=1&save=1", "PRINT=1"],
)
def test_values_other_than_1_get_a_vietnamese_400(client, query):
    response = client.get(f"{ARTICLE_PATH}?{query}")
    if query == "PRINT=1":  # another parameter, ignored like ?fbclid=…: the ordinary page
        assert response.status_code == 200 and "Thống kê truy cập" in response.text
        return
    assert response.status_code == 400
    assert "?print=1 để in bài viết" in response.text and 'lang="vi"' in response.text


def test_other_parameters_leave_the_ordinary_page(client):
    response = client.get(ARTICLE_PATH + "?fbclid=IwAR0abc&utm_source=facebook")
    assert response.status_code == 200
    assert 'class="share"' in response.text and "Thống kê truy cập" in response.text
