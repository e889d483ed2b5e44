"""Every URL form the old NukeViet site served answers 301 to its new address."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from danvan.content.models import Article, Category
from danvan.extensions import db
from danvan.importer.models import ImportedItem

ALIAS = "ca-he-thong-chinh-tri-cua-tinh-tiep-tuc-lam-tot-cong-tac-dan-van-trong-giai-doan-moi"


@pytest.fixture
def site(imported_once):
    """The imported app, and the seed article's and category's new paths."""
    app = imported_once
    with app.app_context():
        article = db.session.scalars(select(Article).where(Article.slug == ALIAS)).one()
        image = db.session.get(ImportedItem, ("image", "nangly.jpg")).new_key
        news = db.session.scalars(select(Category).where(Category.slug == "Tin-tuc")).one()
        paths = {
            "article": f"/tin-tuc/{ALIAS}-{article.id}",
            "image": f"/uploads/{image}",
            "news": news.id,
        }
    return app.test_client(), paths


ARTICLE_FORMS = [
    f"/tin-hoat-dong/{ALIAS}-16.html",  # rewritten, news the home module (the canonical form)
    f"/index.php/tin-hoat-dong/{ALIAS}-16.html",  # path-info
    f"/index.php?language=vi&nv=news&op=tin-hoat-dong/{ALIAS}-16",  # query string
    f"/news/tin-hoat-dong/{ALIAS}-16.html",  # with the module's name
    f"/vi/news/tin-hoat-dong/{ALIAS}-16.html",  # a multi-language site
    f"/Tin-tuc/{ALIAS}-16.html",  # another category in the URL: the article's own page
    "/tin-hoat-dong/an-old-alias-16.html",  # an alias changed since: the id decides
]


@pytest.mark.parametrize("old", ARTICLE_FORMS)
def test_article_urls(site, old):
    client, paths = site
    response = client.get(old)
    assert response.status_code == 301
    assert response.headers["Location"] == paths["article"]
    assert client.get(response.headers["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/tin-hoat-dong/", "/chuyen-muc/tin-hoat-dong"),
        ("/index.php/tin-hoat-dong/", "/chuyen-muc/tin-hoat-dong"),
        ("/index.php?language=vi&nv=news&op=tin-hoat-dong", "/chuyen-muc/tin-hoat-dong"),
        ("/vi/news/tin-hoat-dong/", "/chuyen-muc/tin-hoat-dong"),
        ("/Tin-tuc/", "/chuyen-muc/Tin-tuc"),
        ("/tin-tuc/", "/chuyen-muc/Tin-tuc"),  # NukeViet's aliases, either case
        ("/thong-cao-bao-chi/", "/chuyen-muc/thong-cao-bao-chi"),  # a subcategory
        ("/Tin-tuc/page-2/", "/chuyen-muc/Tin-tuc?page=2"),
        ("/index.php?language=vi&nv=news&op=Tin-tuc/page-2", "/chuyen-muc/Tin-tuc?page=2"),
        ("/tag/nguồn-mở", "/the/nguon-mo"),
        ("/tag/nguồn-mở/", "/the/nguon-mo"),
        ("/index.php?language=vi&nv=news&op=tag/nguồn-mở", "/the/nguon-mo"),
        ("/rss/", "/rss.xml"),
        ("/index.php?language=vi&nv=rss", "/rss.xml"),
        ("/rss/Tin-tuc/", "/chuyen-muc/Tin-tuc/rss.xml"),
        ("/index.php?language=vi&nv=news&op=rss/Tin-tuc", "/chuyen-muc/Tin-tuc/rss.xml"),
        ("/index.php?language=vi&nv=news", "/"),
        ("/vi/", "/"),
    ],
)
def test_category_tag_feed_and_home_urls(site, old, new):
    client, _ = site
    response = client.get(old)
    assert response.status_code == 301
    assert response.headers["Location"] == new


CMS = "/gioi-thieu/gioi-thieu-ve-nukeviet-cms"
FIRST = "/gioi-thieu/gioi-thieu-ve-nukeviet"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/about/gioi-thieu-ve-nukeviet-cms.html", CMS),  # rewritten
        ("/about/gioi-thieu-ve-nukeviet-cms", CMS),
        ("/vi/about/gioi-thieu-ve-nukeviet-cms.html", CMS),  # a multi-language site
        ("/index.php/about/gioi-thieu-ve-nukeviet-cms.html", CMS),  # path-info
        ("/index.php?language=vi&nv=about&op=gioi-thieu-ve-nukeviet-cms", CMS),  # query string
        ("/index.php?language=vi&nv=about&op=gioi-thieu-ve-nukeviet-cms.html", CMS),  # old menu
        ("/about/yeu-cau-su-dung-nukeviet-4.html", "/gioi-thieu/Yeu-cau-su-dung-NukeViet-4"),
        ("/about/", FIRST),  # the module: its first page, as NukeViet showed it
        ("/about", FIRST),
        ("/vi/about/", FIRST),
        ("/index.php/about/", FIRST),
        ("/index.php?language=vi&nv=about", FIRST),
        ("/contact/", "/lien-he"),
        ("/contact", "/lien-he"),
        ("/vi/contact/", "/lien-he"),
        ("/index.php/contact/", "/lien-he"),
        ("/index.php?language=vi&nv=contact", "/lien-he"),
    ],
)
def test_about_and_contact_urls(site, old, new):
    client, _ = site
    response = client.get(old)
    assert response.status_code == 301
    assert response.headers["Location"] == new
    assert client.get(new).status_code == 200


def test_about_image_urls(site):
    client, _ = site
    response = client.get("/uploads/about/w.png")
    assert response.status_code == 301
    assert re.fullmatch(r"/uploads/[0-9a-f]{32}\.webp", response.headers["Location"])


@pytest.mark.parametrize(
    "old",
    ["/uploads/news/nangly.jpg", "/assets/news/nangly.jpg", "/index.php/uploads/news/nangly.jpg"],
)
def test_image_urls(site, old):
    client, paths = site
    response = client.get(old)
    assert response.status_code == 301
    assert response.headers["Location"] == paths["image"]


def test_an_image_name_with_a_space(site):
    client, _ = site
    response = client.get("/uploads/news/hoptac%206.jpg")
    assert response.status_code == 301
    assert re.fullmatch(r"/uploads/[0-9a-f]{32}\.webp", response.headers["Location"])


@pytest.mark.parametrize(
    ("old", "words"),
    [
        ("/tin-hoat-dong/chuong-trinh-da-xoa-999.html", "chuong trinh da xoa"),
        ("/index.php?language=vi&nv=news&op=khong-con/bai-cu-998", "bai cu"),
        ("/chuyen-muc-cu/", "chuyen muc cu"),
        ("/tag/tu-khoa-cu", "tu khoa cu"),
        ("/about/trang-da-xoa.html", "trang da xoa"),
    ],
)
def test_unknown_old_urls_get_the_404_with_a_search(site, old, words):
    client, _ = site
    response = client.get(old)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Không tìm thấy trang" in html
    assert f'name="q" maxlength="200" value="{words}"' in html
    assert 'action="/tim-kiem"' in html


def test_other_404s_stay_the_usual_page(site):
    client, _ = site
    for path in ("/tin-tuc/999999", "/chuyen-muc/khong-co", "/a/b/c"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Trang bạn tìm không tồn tại" in response.get_data(as_text=True)
    # Another method than GET is never redirected.
    assert client.post(f"/tin-hoat-dong/{ALIAS}-16.html").status_code in (400, 404, 405)


def test_without_an_import_old_links_are_404s(client):
    response = client.get(f"/tin-hoat-dong/{ALIAS}-16.html")
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/khong-co-trang-nay", "/a/b/c", "/tin-tuc/bai-1", "/x.php"])
def test_ordinary_paths_are_not_looked_up(path):
    """Only NukeViet's shapes cost a lookup; any other 404 is answered without the database."""
    from danvan.importer.redirects import parse_old_url

    assert parse_old_url(path, {}) is None
