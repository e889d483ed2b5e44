import base64
import re
from datetime import UTC, datetime, timedelta

from danvan.content.models import Article, ArticleStatus
from danvan.content.sample import load_sample_content
from danvan.extensions import db
from tests.support.html_checks import audit

ARTICLE_PATH = (
    "/tin-tuc/ca-he-thong-chinh-tri-cua-tinh-tiep-tuc-lam-tot-cong-tac-dan-van-"
    "trong-giai-doan-moi-1"
)


def add_article(title, published_at, status=ArticleStatus.PUBLISHED.value, **fields):
    article = Article(
        title=title,
        slug=title.lower().replace(" ", "-"),
        status=status,
        published_at=published_at,
        body_html="<p>Nội dung</p>",
        **fields,
    )
    db.session.add(article)
    db.session.commit()
    return article


def test_home_page_links_to_the_article(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'href="{ARTICLE_PATH}"' in html
    assert "Chủ nhật - 24/01/2021 23:12" in html
    assert audit(html).html_lang == "vi"


def test_article_page_shows_the_original_article(client):
    response = client.get(ARTICLE_PATH)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "CẢ HỆ THỐNG CHÍNH TRỊ CỦA TỈNH TIẾP TỤC LÀM TỐT CÔNG TÁC DÂN VẬN" in html
    assert "Chủ nhật - 24/01/2021 23:12" in html
    assert "<strong>Nguồn tin:</strong> Lê Dũng Toàn (Tổng hợp)" in html
    assert "<p>Một là, tiếp tục tạo sự chuyển biến mạnh mẽ" in html
    assert "<p>Sáu là, tăng cường phối hợp" in html
    # The original page's 513 views (as if imported); this view is counted by the page's
    # beacon, after the page (tests/stats/test_beacon.py).
    assert 'Đã xem: <span class="article__views-count">513</span>' in html
    # The sidebar: the four banners by their alt text, and the links block.
    # The four small SVG banners come inline, as data: URIs (no request each).
    banners = [src for src in re.findall(r'<img src="([^"]+)"', html)]
    assert len(banners) == 4 and all(
        src.startswith("data:image/svg+xml;base64,") for src in banners
    )
    assert "Biển, đảo Việt Nam" in base64.b64decode(banners[2].split(",", 1)[1]).decode()
    assert 'alt="Biển, đảo Việt Nam - Hoàng Sa, Trường Sa là của Việt Nam"' in html
    assert "Liên kết" in html and "https://danvan.vn/" in html
    # The original page's one earlier vote, as NukeViet showed it.
    assert "Tổng số điểm của bài viết là: 4 trong 1 đánh giá" in html
    assert "<strong>Xếp hạng:</strong> 4 - 1 phiếu bầu" in html


def test_article_head_has_seo_and_structured_data(app_factory):
    app = app_factory(SITE_URL="https://danvan.example.gov.vn")
    with app.app_context():
        load_sample_content()
    client = app.test_client()
    html = client.get(ARTICLE_PATH, headers={"Host": "danvan.example.gov.vn"}).text
    page = audit(html)
    assert page.links["canonical"] == "https://danvan.example.gov.vn" + ARTICLE_PATH
    assert page.meta["og:type"] == "article"
    assert page.meta["og:url"] == page.links["canonical"]
    assert page.meta["og:title"].startswith("CẢ HỆ THỐNG")
    assert page.meta["description"].startswith("Công tác Dân vận là trách nhiệm")
    assert len(page.meta["description"]) <= 201
    data, crumbs = page.json_ld
    assert crumbs["@type"] == "BreadcrumbList"
    assert [item["name"] for item in crumbs["itemListElement"]][:3] == [
        "Trang chủ",
        "Tin tức",
        "Tin hoạt động",
    ]
    assert data["@type"] == "NewsArticle"
    assert data["mainEntityOfPage"] == page.links["canonical"]
    assert data["datePublished"] == "2021-01-24T23:12:00+07:00"
    assert data["inLanguage"] == "vi"
    assert "aggregateRating" not in {key.lower() for key in data}
    assert "AggregateRating" not in str(data)


def test_wrong_or_missing_slug_redirects_permanently(client):
    for path in ("/tin-tuc/sai-duong-dan-1", "/tin-tuc/1"):
        response = client.get(path)
        assert response.status_code == 301
        assert response.headers["Location"] == ARTICLE_PATH


def test_unknown_article_gives_the_vietnamese_404_page(client):
    response = client.get("/tin-tuc/khong-co-999")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Không tìm thấy trang" in html and 'lang="vi"' in html
    assert client.get("/khong-ton-tai").status_code == 404


def test_drafts_and_scheduled_articles_are_hidden(app, client):
    now = datetime.now(UTC)
    with app.app_context():
        draft = add_article("Ban nhap", now - timedelta(days=1), status=ArticleStatus.DRAFT.value)
        scheduled = add_article("Sap dang", now + timedelta(days=1))
        ids = draft.id, scheduled.id
    for article_id in ids:
        assert client.get(f"/tin-tuc/x-{article_id}").status_code == 404
    home = client.get("/").get_data(as_text=True)
    assert "Ban nhap" not in home and "Sap dang" not in home


def test_home_page_is_paginated_newest_first(app, client):
    base = datetime(2024, 1, 1, tzinfo=UTC)
    with app.app_context():
        for number in range(12):
            add_article(f"Tin so {number:02d}", base + timedelta(days=number))
    first = client.get("/").get_data(as_text=True)
    assert first.index("Tin so 11") < first.index("Tin so 10")
    assert "Tin so 02" in first and "Tin so 01" not in first and "Trang 1 / 2" in first
    second = client.get("/?page=2").get_data(as_text=True)
    assert "Tin so 01" in second and "Tin so 00" in second
    # The 2021 sample article is the oldest, so it is last.
    assert "CẢ HỆ THỐNG" in second
    assert client.get("/?page=9").status_code == 404


def test_home_page_without_articles(empty_app):
    html = empty_app.test_client().get("/").get_data(as_text=True)
    assert "Chưa có bài viết nào." in html


def test_article_listing_query_orders_by_publish_time(app):
    from danvan.site.shells import published_articles

    with app.app_context():
        add_article("Moi", datetime.now(UTC) - timedelta(minutes=1))
        titles = [a.title for a in db.session.scalars(published_articles())]
        assert titles[0] == "Moi"


def test_every_page_says_where_staff_sign_in_and_staff_find_their_way_back(app, editor):
    for path in ("/", ARTICLE_PATH, "/chuyen-muc/tin-tuc", "/thong-ke", "/khong-co"):
        html = app.test_client().get(path).text
        assert '<a href="/login" rel="nofollow">Đăng nhập cán bộ</a>' in html, path
    staff_view = editor.get("/").text
    assert '<a href="/quan-tri/">Trang quản trị</a>' in staff_view
    assert "Đăng nhập cán bộ" not in staff_view
