"""The real fixture's other modules: its about pages, banners and menu."""

from __future__ import annotations

import re

from sqlalchemy import select

from danvan.content.models import Banner, Link
from danvan.extensions import db
from danvan.pages.menu import page_menu
from danvan.pages.models import Page

# The fixture's nv4_vi_about, in weight order.
TITLES = [
    "Giới thiệu về NukeViet",
    "Giới thiệu về NukeViet CMS",
    "Logo và tên gọi NukeViet",
    "Giấy phép sử dụng NukeViet",
    "Những tính năng của NukeViet CMS 4.0",
    "Yêu cầu sử dụng NukeViet 4",
    "Giới thiệu về Công ty cổ phần phát triển nguồn mở Việt Nam",
    "Ủng hộ, hỗ trợ và tham gia phát triển NukeViet",
]


def test_the_about_pages_arrive_under_gioi_thieu(imported):
    app, report = imported
    assert report.total("page", "created") == 8
    assert report.total("page_image", "created") == 8
    with app.app_context():
        pages = {p.slug: p for p in db.session.scalars(select(Page))}
        about = pages["gioi-thieu"]
        children = sorted(
            (p for p in pages.values() if p.parent_id == about.id), key=lambda p: p.sort_order
        )
        assert [p.title for p in children] == TITLES
        assert all(p.in_menu and p.published and p.kind == "page" for p in children)
        # The sample's placeholder subpages gave way; the contact page stayed.
        assert "co-cau-to-chuc" not in pages and "chuc-nang-nhiem-vu" not in pages
        assert pages["lien-he"].kind == "contact"
        assert about.body_html == "" and "Nội dung mẫu" not in about.body_source
        assert pages["Yeu-cau-su-dung-NukeViet-4"].title == "Yêu cầu sử dụng NukeViet 4"
        license_page = pages["giay-phep-su-dung-nukeviet"]
        assert license_page.summary.startswith("Giấy phép công cộng GNU (tiếng Anh: GNU General")
        logo = pages["logo-va-ten-goi-nukeviet"].body_html
        local = re.findall(r'<img[^>]*src="(/uploads/[^"]+)"', logo)
        assert len(local) == 6 and all(
            re.fullmatch(r"/uploads/[0-9a-f]{32}\.webp", s) for s in local
        )
        assert "/uploads/about/" not in logo and "style=" not in logo
        with app.test_request_context():
            menu = page_menu()
        top = [item for item in menu.pages if item.title == "Giới thiệu"][0]
        assert [child.title for child in top.children] == TITLES
        assert [c.title for c in menu.contact] == ["Liên hệ"]
    client = app.test_client()
    html = client.get("/gioi-thieu/Yeu-cau-su-dung-NukeViet-4").get_data(as_text=True)
    assert "<h2" in html and "1. Môi trường máy chủ" in html
    image = client.get(local[0])
    image.close()
    assert image.status_code == 200 and image.mimetype == "image/webp"
    # "Giới thiệu" lists its pages, as NukeViet's menu did.
    listing = client.get("/gioi-thieu/gioi-thieu").get_data(as_text=True)
    assert all(
        title in listing for title in ("Logo và tên gọi NukeViet", "Giới thiệu về NukeViet CMS")
    )


def test_the_banners_arrive_in_the_sidebar(imported):
    app, report = imported
    assert report.total("banner", "created") == 2
    with app.app_context():
        banners = db.session.scalars(
            select(Banner).where(Banner.link_url != "").order_by(Banner.sort_order)
        ).all()
        found = [(b.title, b.link_url, b.position, b.enabled) for b in banners]
        assert found == [
            ("Mid-page advertisement", "http://webnhanh.vn", "sidebar-bottom", True),
            ("Left-column advertisement", "http://vinades.vn", "sidebar-bottom", True),
        ]
        assert all(re.fullmatch(r"uploads/[0-9a-f]{32}\.webp", b.image) for b in banners)
        assert (banners[1].width, banners[1].height) == (212, 400)
        # After the sample's own two lower banners.
        samples = db.session.scalars(
            select(Banner.sort_order).where(
                Banner.position == "sidebar-bottom", Banner.link_url == ""
            )
        ).all()
        assert max(samples) < banners[0].sort_order
    html = app.test_client().get("/").get_data(as_text=True)
    assert 'href="http://vinades.vn"' in html and 'alt="Left-column advertisement"' in html


def test_the_old_menu_is_reported_not_copied(imported):
    app, report = imported
    text = report.text()
    assert "Menu cũ không được chép: menu của trang mới lập từ các chuyên mục và trang." in text
    for title, url in (
        ("Thành viên", "/index.php?language=vi&nv=users"),
        ("Thống kê", "/index.php?language=vi&nv=statistics"),
        ("Thăm dò ý kiến", "/index.php?language=vi&nv=voting"),
    ):
        assert f"Mục menu cũ không chép: «{title}» ({url})." in text
    # Entries the new menu has (news, categories, about, contact, search, feeds) are not listed.
    assert "«Tin Tức»" not in text and "«Liên hệ»" not in text and "«Rss»" not in text
    # The fixture's menu links nowhere outside the old site: no sidebar link is added.
    assert report.total("link", "created") == 0
    with app.app_context():
        assert db.session.scalars(select(Link.url)).all() == [
            "https://danvan.vn/",
            "https://dangcongsan.vn/",
            "https://chinhphu.vn/",
            "https://www.tapchicongsan.org.vn/",
            "https://nhandan.vn/",
        ]
