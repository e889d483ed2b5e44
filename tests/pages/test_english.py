"""The English pages: /en/, a translated page, an untranslated one; lang and hreflang."""

from __future__ import annotations

import re

from danvan.content.sample import load_sample_content
from tests.support.pages import make_page, save_contacts
from tests.support.site_host import SITE, SiteClient


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)">', html).group(1)


def test_the_english_home_lists_the_translated_pages(client):
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.text
    assert html_lang(html) == "en"
    assert "Skip to main content" in html and ">Home</a>" in html
    links = re.findall(r'<li><a href="(/en/[^"]+)">([^<]+)</a></li>', html)
    # In menu order: Giới thiệu's subpages (sort 10, 20) before Liên hệ (20, created later).
    assert links == [
        ("/en/organisation", "Organisation"),
        ("/en/functions", "Functions and duties"),
        ("/en/contact", "Contact"),
    ]
    assert 'hreflang="vi" lang="vi">Tiếng Việt</a>' in html
    assert '<header class="site-header" lang="vi">' in html  # the Vietnamese chrome says so


def test_hreflang_links_go_both_ways_with_absolute_addresses(app_factory):
    app = app_factory(SITE_URL=SITE)
    with app.app_context():
        load_sample_content()
    client = SiteClient(app.test_client())
    expected = {
        "vi": f"{SITE}/gioi-thieu/co-cau-to-chuc",
        "en": f"{SITE}/en/organisation",
        "x-default": f"{SITE}/gioi-thieu/co-cau-to-chuc",
    }
    vietnamese = client.get("/gioi-thieu/co-cau-to-chuc").text
    english = client.get("/en/organisation").text
    assert alternates(vietnamese) == alternates(english) == expected
    assert html_lang(vietnamese) == "vi" and html_lang(english) == "en"
    assert 'href="/en/organisation" hreflang="en" lang="en">English</a>' in vietnamese
    assert 'href="/gioi-thieu/co-cau-to-chuc" hreflang="vi" lang="vi">Tiếng Việt</a>' in english
    contact = alternates(client.get("/lien-he").text)
    assert contact["vi"] == f"{SITE}/lien-he" and contact["en"] == f"{SITE}/en/contact"
    assert alternates(client.get("/en/contact").text) == contact
    assert alternates(client.get("/gioi-thieu/gioi-thieu").text) == {}  # not translated
    home = {"vi": f"{SITE}/", "en": f"{SITE}/en/", "x-default": f"{SITE}/"}
    assert alternates(client.get("/").text) == alternates(client.get("/en/").text) == home


def test_an_untranslated_page_says_so_in_english_instead_of_404(client):
    vietnamese = client.get("/gioi-thieu/gioi-thieu").text
    assert 'href="/en/gioi-thieu" hreflang="en" lang="en">English</a>' in vietnamese
    response = client.get("/en/gioi-thieu")
    assert response.status_code == 200
    html = response.text
    assert html_lang(html) == "en"
    assert "This page is not translated yet" in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'href="/gioi-thieu/gioi-thieu" hreflang="vi" lang="vi">Giới thiệu</a>' in html


def test_a_vietnamese_address_under_en_leads_to_the_english_one(client):
    response = client.get("/en/co-cau-to-chuc")
    assert response.status_code == 301 and response.headers["Location"] == "/en/organisation"


def test_unknown_english_addresses_are_a_404(app, client):
    make_page(app, title="Nháp", slug="nhap", published=False, title_en="Draft", slug_en="draft")
    for path in ("/en/nothing-here", "/en/draft", "/en/nhap"):
        assert client.get(path).status_code == 404, path


def test_the_english_contact_page_shows_the_contacts_in_english(app, client):
    save_contacts(
        app,
        name_en="Mass Mobilisation Commission",
        phone="0207 3822 123",
    )
    html = client.get("/en/contact").text
    assert "<dt>Telephone</dt>" in html and "0207 3822 123" in html
    assert "Mass Mobilisation Commission" in html
    assert 'href="/lien-he" hreflang="vi">contact form</a>' in html


def test_without_the_site_address_no_page_has_hreflang_links(client):
    # hreflang wants absolute addresses, which come only from DANVAN_SITE_URL (like the feeds).
    for path in ("/", "/gioi-thieu/co-cau-to-chuc", "/en/organisation", "/en/"):
        assert alternates(client.get(path).text) == {}, path


def footer(html: str) -> str:
    return re.search(r"<footer .*?</footer>", html, re.S).group(0)


def test_the_footer_speaks_english_on_english_pages_only(app, client):
    with app.app_context():
        load_sample_content()
    save_contacts(
        app,
        province="Tuyên Quang",
        name_en="Mass Mobilization Commission of Tuyen Quang Provincial Party Committee",
        address="Số 1 đường Tân Trào",
        phone="0207 3822 123",
        email="bdv@tuyenquang.gov.vn",
        responsible="Nguyễn Văn An",
    )
    english = footer(client.get("/en/organisation").text)
    assert english.startswith('<footer class="site-footer" lang="en">')
    assert "Mass Mobilization Commission of Tuyen Quang Provincial Party Committee" in english
    assert 'Address: <span lang="vi">Số 1 đường Tân Trào</span>' in english
    assert "Phone: 0207 3822 123" in english and "Email: <a" in english
    assert 'Responsible for content: <span lang="vi">Nguyễn Văn An</span>' in english
    assert "Địa chỉ" not in english and "Chịu trách nhiệm chính" not in english
    vietnamese = footer(client.get("/gioi-thieu/co-cau-to-chuc").text)
    assert vietnamese.startswith('<footer class="site-footer">')
    assert "Ban Dân vận Tỉnh ủy Tuyên Quang" in vietnamese
    assert "Địa chỉ: " in vietnamese and "Chịu trách nhiệm chính: " in vietnamese
    assert "Address" not in vietnamese
