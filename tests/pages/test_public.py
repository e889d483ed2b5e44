"""The committee's pages as residents see them: the sample structure, the menu, 404s."""

from __future__ import annotations

import re

from danvan.core.caches import PAGE, app_caches
from tests.support.pages import make_page


def menu_of(html: str) -> list[str]:
    """The main menu's link texts, in order."""
    nav = html.split('id="menu-chinh"', 1)[1].split("</nav>", 1)[0]
    return [
        re.sub(r"<[^>]+>", "", text).strip()
        for text in re.findall(r"<a href=\"[^\"]+\"[^>]*>(.*?)</a>", nav)
    ]


def test_a_new_site_shows_the_whole_structure_in_the_menu(client):
    html = client.get("/").text
    assert menu_of(html) == [
        "Trang chủ",
        "Giới thiệu",
        "Cơ cấu tổ chức",
        "Chức năng – nhiệm vụ",
        "Tin tức",
        "Tin hoạt động",
        "Văn bản",
        "Liên hệ",
    ]
    assert 'aria-controls="menu-trang-' in html  # the submenu a disclosure button opens
    for path in ("/gioi-thieu/gioi-thieu", "/gioi-thieu/co-cau-to-chuc", "/lien-he"):
        assert f'href="{path}"' in html


def test_a_sample_page_says_it_is_placeholder_text(client):
    response = client.get("/gioi-thieu/co-cau-to-chuc")
    assert response.status_code == 200
    html = response.text
    assert '<h1 class="page-title">Cơ cấu tổ chức</h1>' in html
    assert "Nội dung mẫu: quản trị viên thay bằng" in html
    # Breadcrumbs: home › Giới thiệu › this page; the menu marks the page as current.
    assert '<a href="/gioi-thieu/gioi-thieu">Giới thiệu</a>' in html
    assert 'href="/gioi-thieu/co-cau-to-chuc" aria-current="page"' in html
    parent = client.get("/gioi-thieu/gioi-thieu").text
    assert 'aria-label="Các trang con của Giới thiệu"' in parent


def test_unknown_and_unpublished_pages_are_a_vietnamese_404(app, client):
    make_page(app, title="Nháp", slug="nhap", published=False)
    for path in ("/gioi-thieu/khong-co", "/gioi-thieu/nhap"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Không tìm thấy trang" in response.text


def test_the_contact_page_lives_at_lien_he(client):
    response = client.get("/gioi-thieu/lien-he")
    assert response.status_code == 301 and response.headers["Location"] == "/lien-he"


def test_a_page_out_of_the_menu_is_still_readable(app, client):
    make_page(app, title="Lịch tiếp dân", slug="lich-tiep-dan", in_menu=False)
    assert client.get("/gioi-thieu/lich-tiep-dan").status_code == 200
    assert "Lịch tiếp dân" not in menu_of(client.get("/").text)


def test_the_menu_is_cached_until_a_page_changes(app, client):
    assert "Lịch tiếp dân" not in menu_of(client.get("/").text)
    make_page(app, title="Lịch tiếp dân", slug="lich-tiep-dan", in_menu=True, sort_order=15)
    assert "Lịch tiếp dân" not in menu_of(client.get("/").text)  # the menu and shell are kept
    app_caches(app).forget(PAGE)
    menu = menu_of(client.get("/").text)
    assert menu.index("Lịch tiếp dân") == menu.index("Chức năng – nhiệm vụ") + 1
