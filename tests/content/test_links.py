"""Article addresses: the one-by-one builder and the fast one sitemaps use agree."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from danvan.content.links import article_url, article_url_maker

SLUGS = [
    "ca-he-thong-chinh-tri-1",
    "dân-vận",  # Vietnamese letters are percent-encoded
    "a b?c#d%e",  # characters a path segment cannot hold raw
    "x&y'z(1)=@:",  # ones it can (RFC 3986 sub-delims)
    "zqslugqz",  # the maker's own stand-in
    "2147483646",
]


@pytest.mark.parametrize("site_url", [None, "https://danvan.example.gov.vn"])
def test_the_fast_maker_gives_the_urls_the_route_builds(app_factory, site_url):
    app = app_factory(SITE_URL=site_url)
    with app.test_request_context(base_url=site_url or "http://localhost"):
        for external in (True, False):
            make = article_url_maker(external=external)
            for slug in SLUGS:
                for article_id in (1, 2147483646, 2147483647):
                    page = SimpleNamespace(slug=slug, id=article_id)
                    assert make(slug, article_id) == article_url(page, external=external)
