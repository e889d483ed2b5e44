"""An admin changes the committee's identity and every page shows it at once: the header, the
footer and the title of each kind of page, the print view, the feeds, the 404 page, and the
JSON-LD publisher of an article. The pages are read once before the change, so the shells
and feeds cached then must be forgotten, not merely built after it."""

from __future__ import annotations

import io
import json
import re
from html import unescape

import pytest
from sqlalchemy import select

from danvan.content.models import Tag
from danvan.content.sample import load_sample_content
from danvan.extensions import db
from danvan.media.models import Upload
from tests.support.identity import EXAMPLE_FORM
from tests.support.media import photo_bytes
from tests.support.portal import make_article, make_category
from tests.support.site_host import SITE, at_site
from tests.support.staff import make_user, sign_in, staff_csrf

SAMPLE_PATH = (
    "/tin-tuc/ca-he-thong-chinh-tri-cua-tinh-tiep-tuc-lam-tot-cong-tac-dan-van-"
    "trong-giai-doan-moi-1"
)
FULL_NAME = "Ban Dân vận Tỉnh ủy Tuyên Quang"
OLD_NAME = "Ban Dân vận Tỉnh ủy"  # SITE_NAME's default
PAGES = {
    "home": ("/", 200),
    "article": (SAMPLE_PATH, 200),
    "category": ("/chuyen-muc/thoi-su", 200),
    "tag": ("/the/chuyen-doi-so", 200),
    "search": ("/tim-kiem?q=dan+van", 200),
    "statistics": ("/thong-ke", 200),
    "not found": ("/khong-co-trang-nay", 404),
}


@pytest.fixture
def site(app_factory):
    app = app_factory(SITE_URL=SITE)
    with app.app_context():
        load_sample_content()
        news = make_category("Thời sự", slug="thoi-su")
        tag = Tag(name="Chuyển đổi số", slug="chuyen-doi-so")
        make_article("Tin chuyển đổi số", news, tags=(tag,))
        db.session.commit()
    return app


@pytest.fixture
def reader(site):
    return at_site(site.test_client())


@pytest.fixture
def site_admin(site):
    make_user(site, "quantri", role="admin")
    client = at_site(site.test_client())
    assert sign_in(client, "quantri").status_code == 303
    return client


def change_identity(admin, **changes):
    data = {"csrf_token": staff_csrf(admin), **EXAMPLE_FORM, **changes}
    response = admin.post("/quan-tri/thong-tin/", data=data, content_type="multipart/form-data")
    assert response.status_code == 303
    return response


def text_of(html: str, pattern: str) -> str:
    match = re.search(pattern, html, re.S)
    assert match, pattern
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def footer(html: str) -> str:
    return text_of(html, r'<footer class="site-footer">(.*?)</footer>')


def brand(html: str) -> str:
    return text_of(html, r'<a class="site-brand"[^>]*>(.*?)</a>')


def title(html: str) -> str:
    return text_of(html, r"<title>(.*?)</title>")


def test_every_page_shows_the_identity_an_admin_sets(site, reader, site_admin):
    before = {name: reader.get(path) for name, (path, _) in PAGES.items()}
    assert all(title(page.get_data(as_text=True)).endswith(OLD_NAME) for page in before.values())
    reader.get(SAMPLE_PATH + "?print=1")
    reader.get("/rss.xml")
    change_identity(site_admin)
    for name, (path, status) in PAGES.items():
        response = reader.get(path)
        assert response.status_code == status, name
        html = response.get_data(as_text=True)
        assert brand(html) == f"Cổng thông tin điện tử {FULL_NAME}", name
        assert title(html).endswith(f" - {FULL_NAME}") or title(html) == FULL_NAME, name
        assert footer(html) == (
            f"{FULL_NAME} "
            "Địa chỉ: Số 1 đường Tân Trào, phường Minh Xuân, tỉnh Tuyên Quang "
            "Điện thoại: (0207) 3822.123 · Fax: 0207 3822 456 "
            "Thư điện tử: bandanvan@tuyenquang.gov.vn "
            "Chịu trách nhiệm chính: Nguyễn Văn An, Phó Trưởng Ban "
            "Giấy phép số 12/GP-TTĐT do Sở Thông tin và Truyền thông cấp ngày 01/6/2021 "
            f"© {vietnam_year(site)} {FULL_NAME} Đăng nhập cán bộ"
        ), name
        assert '<a href="mailto:bandanvan@tuyenquang.gov.vn">' in html, name
    printed = reader.get(SAMPLE_PATH + "?print=1").get_data(as_text=True)
    assert text_of(printed, r'<p class="print-view__site">(.*?)</p>') == FULL_NAME
    assert title(printed).endswith(f" - {FULL_NAME}")
    feed = reader.get("/rss.xml").get_data(as_text=True)
    assert f"<title>{FULL_NAME}</title>" in feed
    category_feed = reader.get("/chuyen-muc/thoi-su/rss.xml").get_data(as_text=True)
    assert f"<title>Thời sự – {FULL_NAME}</title>" in category_feed
    category = reader.get("/chuyen-muc/thoi-su").get_data(as_text=True)
    assert f'title="Thời sự – {FULL_NAME}"' in category  # its feed link in the head


def vietnam_year(app) -> int:
    from danvan.core.clock import vietnam_today

    return vietnam_today().year


def test_only_the_fields_set_are_shown(site, reader, site_admin):
    change_identity(
        site_admin,
        province="",
        address="",
        phone="",
        fax="0207 3822 456",
        email="",
        responsible="",
        licence="",
    )
    html = reader.get("/").get_data(as_text=True)
    assert footer(html) == (
        f"{OLD_NAME} Fax: 0207 3822 456 © {vietnam_year(site)} {OLD_NAME} Đăng nhập cán bộ"
    )
    assert "Chịu trách nhiệm chính" not in html and "mailto:" not in html


def publisher_of(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1))["publisher"]


def test_the_articles_publisher_is_the_committee_with_its_logo(site, reader, site_admin):
    # Until a logo is uploaded the publisher's logo is the drawn emblem, as a file.
    emblem = publisher_of(reader.get(SAMPLE_PATH).get_data(as_text=True))
    assert emblem["name"] == OLD_NAME
    assert re.fullmatch(rf"{SITE}/static/img/emblem\.svg\?v=\w+", emblem["logo"]["url"])
    served = reader.get(emblem["logo"]["url"].removeprefix(SITE))
    served.close()
    assert served.status_code == 200 and served.mimetype == "image/svg+xml"
    change_identity(site_admin, image_file=(io.BytesIO(photo_bytes((400, 400))), "logo.png"))
    with site.app_context():
        name = db.session.scalars(select(Upload.name)).one()
    assert publisher_of(reader.get(SAMPLE_PATH).get_data(as_text=True)) == {
        "@type": "Organization",
        "name": FULL_NAME,
        "logo": {"@type": "ImageObject", "url": f"{SITE}/uploads/{name}"},
    }


def test_without_the_site_address_the_publisher_has_no_logo(client):
    assert publisher_of(client.get(SAMPLE_PATH).get_data(as_text=True)) == {
        "@type": "Organization",
        "name": OLD_NAME,
    }
