"""The pages' own sitemap (/sitemap-trang.xml), named in robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from danvan.core.caches import PAGE, app_caches
from tests.discovery.conftest import SITE
from tests.support.pages import make_page

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def entries(response) -> list[tuple[str, list[tuple[str, str]]]]:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/xml; charset=utf-8"
    root = ET.fromstring(response.data)
    assert root.tag == f"{NS}urlset"
    return [
        (
            url.findtext(f"{NS}loc"),
            [(link.get("hreflang"), link.get("href")) for link in url.findall(f"{XHTML}link")],
        )
        for url in root
    ]


def test_the_pages_sitemap_lists_both_languages_with_their_alternates(site, reader):
    organisation = [("vi", f"{SITE}/gioi-thieu/co-cau-to-chuc"), ("en", f"{SITE}/en/organisation")]
    functions = [("vi", f"{SITE}/gioi-thieu/chuc-nang-nhiem-vu"), ("en", f"{SITE}/en/functions")]
    contact = [("vi", f"{SITE}/lien-he"), ("en", f"{SITE}/en/contact")]
    expected = [
        (f"{SITE}/gioi-thieu/gioi-thieu", []),
        (f"{SITE}/gioi-thieu/co-cau-to-chuc", organisation),
        (f"{SITE}/en/organisation", organisation),
        (f"{SITE}/gioi-thieu/chuc-nang-nhiem-vu", functions),
        (f"{SITE}/en/functions", functions),
        (f"{SITE}/lien-he", contact),
        (f"{SITE}/en/contact", contact),
    ]
    assert entries(reader.get("/sitemap-trang.xml")) == expected
    make_page(site, title="Nháp", slug="nhap", published=False)
    app_caches(site).forget(PAGE)
    assert entries(reader.get("/sitemap-trang.xml")) == expected  # a draft is not listed


def test_without_the_site_address_there_is_no_pages_sitemap(client):
    assert client.get("/sitemap-trang.xml").status_code == 404
