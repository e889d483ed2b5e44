"""The Host header (and X-Forwarded-Host/-Prefix behind a proxy) cannot change what other
visitors get: absolute URLs come from ``DANVAN_SITE_URL``, other hosts are refused when it is
set, and without it the shared shells hold no address taken from a request."""

import pytest

from tests.site.test_pages import ARTICLE_PATH
from tests.support.html_checks import audit

SITE = "https://danvan.example.gov.vn"
EVIL = {"Host": "evil.example"}


def addresses(html: str) -> list[str]:
    """Every absolute or root-relative address in the head that names the page itself."""
    page = audit(html)
    found = [page.links.get("canonical", ""), page.meta.get("og:url", "")]
    for data in page.json_ld:
        if data.get("@type") == "NewsArticle":
            found.append(str(data.get("mainEntityOfPage", "")))
        elif data.get("@type") == "BreadcrumbList":
            # Every linked crumb names the site's own address; the page itself is the last one.
            for item in data["itemListElement"][:-1]:
                assert str(item["item"]).startswith(SITE + "/"), item
    return found


@pytest.mark.parametrize("path", [ARTICLE_PATH, "/"])
def test_a_foreign_host_does_not_poison_the_shell_without_a_site_url(app, path):
    client = app.test_client()
    assert client.get(path, headers=EVIL).status_code == 200  # primes the shell
    html = app.test_client().get(path).get_data(as_text=True)
    assert "evil.example" not in html
    # Without DANVAN_SITE_URL the site does not know its address: the canonical link is the
    # path, and og:url / mainEntityOfPage (which must be absolute) are left out.
    page = audit(html)
    assert page.links["canonical"].startswith("/")
    assert "og:url" not in page.meta
    assert all("mainEntityOfPage" not in data for data in page.json_ld)


def test_absolute_urls_come_from_the_site_url(app_factory):
    from danvan.content.sample import load_sample_content

    app = app_factory(SITE_URL=SITE + "/")
    with app.app_context():
        load_sample_content()
    # A trusted alias may still be asked for; the addresses stay the site's own.
    html = app.test_client().get(ARTICLE_PATH, base_url="http://danvan.example.gov.vn").text
    assert addresses(html) == [SITE + ARTICLE_PATH] * 3
    home = audit(app.test_client().get("/", base_url="http://danvan.example.gov.vn").text)
    assert home.links["canonical"] == SITE + "/"


@pytest.fixture
def site_app(app_factory):
    from danvan.content.sample import load_sample_content

    app = app_factory(SITE_URL=SITE, TRUSTED_HOSTS="www.danvan.example.gov.vn")
    with app.app_context():
        load_sample_content()
    return app


@pytest.mark.parametrize("path", [ARTICLE_PATH, "/", "/healthz", "/khong-co"])
def test_other_hosts_get_the_vietnamese_400_and_nothing_is_cached(site_app, path):
    from danvan.core.caches import app_caches

    response = site_app.test_client().get(path, headers=EVIL)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.text and 'lang="vi"' in response.text
    assert "evil.example" not in response.text
    with site_app.app_context():
        caches = app_caches()
        # The error page draws the menu: the category tree holds no URL, the menu's pages
        # hold paths only (url_for, never external), so no host; and the header and footer,
        # whose identity holds none either.
        drawn = {"content.categories", "pages.menu", "identity.current"}
        pages = [name for name in caches.specs if name not in drawn]
        assert all(len(caches[name]) == 0 for name in pages)
        menu = caches["pages.menu"].peek("menu")
        assert menu is not None and all(item.url.startswith("/") for item in menu.pages)


def test_the_site_and_its_aliases_are_served_and_healthz_answers(site_app):
    client = site_app.test_client()
    for host in (
        "danvan.example.gov.vn",
        "www.danvan.example.gov.vn",
        "danvan.example.gov.vn:8080",
    ):
        assert client.get(ARTICLE_PATH, headers={"Host": host}).status_code == 200
        health = client.get("/healthz", headers={"Host": host})
        assert health.status_code == 200 and health.json == {"status": "ok"}


def test_a_forwarded_host_is_refused_and_cannot_poison_behind_a_proxy(app_factory):
    from danvan.content.sample import load_sample_content

    app = app_factory(SITE_URL=SITE, PROXIES=1)
    with app.app_context():
        load_sample_content()
    client = app.test_client()
    forwarded = {"Host": "danvan.example.gov.vn", "X-Forwarded-Host": "evil.example"}
    assert client.get(ARTICLE_PATH, headers=forwarded).status_code == 400
    # http from the proxy does not turn the site's https addresses into http ones either.
    plain = {"Host": "danvan.example.gov.vn", "X-Forwarded-Proto": "http"}
    html = client.get(ARTICLE_PATH, headers=plain).text
    assert addresses(html) == [SITE + ARTICLE_PATH] * 3


@pytest.mark.parametrize("site_url", [None, SITE])
def test_forwarded_headers_cannot_poison_the_shells(app_factory, site_url):
    from danvan.content.sample import load_sample_content

    app = app_factory(SITE_URL=site_url, PROXIES=1)
    with app.app_context():
        load_sample_content()
    host = {"Host": "danvan.example.gov.vn"}
    # nginx sets X-Forwarded-Host itself but passes a client's X-Forwarded-Prefix on.
    forged = dict(host, **{"X-Forwarded-Prefix": "//evil.example"})
    if site_url is None:
        forged["X-Forwarded-Host"] = "evil.example"
    app.test_client().get(ARTICLE_PATH, headers=forged)
    app.test_client().get("/", headers=forged)
    for path in (ARTICLE_PATH, "/"):
        assert "evil.example" not in app.test_client().get(path, headers=host).text
