import pytest

from danvan.core.security import SECURITY_HEADERS
from tests.site.test_pages import ARTICLE_PATH
from tests.support.html_checks import audit

PAGES = ["/", "/?page=1", ARTICLE_PATH, "/khong-ton-tai", "/tin-tuc/khong-co-999"]


@pytest.mark.parametrize("path", PAGES + ["/healthz", "/static/css/site.css"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    response.close()
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp


@pytest.mark.parametrize("path", PAGES)
def test_no_inline_script_or_style_anywhere(client, path):
    page = audit(client.get(path).get_data(as_text=True))
    assert page.inline_scripts == []
    assert page.inline_styles == []
    assert all(
        script.get("src", "").startswith("/static/")
        for script in page.scripts
        if script.get("type") != "application/ld+json"
    )


def test_error_pages_have_headers_too(app):
    @app.get("/_boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/_boom")
    assert response.status_code == 500
    assert "Lỗi máy chủ" in response.get_data(as_text=True)
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_session_cookie_flags(app_factory):
    app = app_factory(SECURE_COOKIES=True)

    @app.get("/_session")
    def touch_session():
        from flask import session

        session["seen"] = True
        return "ok"

    cookie = app.test_client().get("/_session").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_cookies_are_not_secure_over_plain_http_by_default(app):
    @app.get("/_session")
    def touch_session():
        from flask import session

        session["seen"] = True
        return "ok"

    cookie = app.test_client().get("/_session").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_versioned_static_files_are_cached_for_a_year(client):
    html = client.get(ARTICLE_PATH).get_data(as_text=True)
    href = next(link for link in html.split('"') if link.startswith("/static/css/site.css?v="))
    response = client.get(href)
    response.close()
    assert response.status_code == 200
    assert response.cache_control.max_age == 365 * 24 * 3600
    assert response.cache_control.immutable
    unversioned = client.get("/static/css/site.css")
    unversioned.close()
    assert unversioned.cache_control.max_age == 3600


def test_every_request_gets_a_request_id(client):
    assert len(client.get("/").headers["X-Request-ID"]) >= 8
    assert client.get("/", headers={"X-Request-ID": "abc123"}).headers["X-Request-ID"] == "abc123"
    forged = client.get("/", headers={"X-Request-ID": "a b] INFO fake"}).headers["X-Request-ID"]
    assert forged.isalnum() and forged != "a b] INFO fake"


def test_static_text_files_are_gzipped_for_clients_that_ask(client):
    import gzip

    plain = client.get("/static/js/site.js")
    plain.close()
    zipped = client.get("/static/js/site.js", headers={"Accept-Encoding": "gzip, br"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    original = client.application.static_folder + "/js/site.js"
    with open(original, "rb") as handle:
        assert gzip.decompress(zipped.get_data()) == handle.read()
    assert "Content-Encoding" not in plain.headers
    refused = client.get("/static/js/site.js", headers={"Accept-Encoding": "gzip;q=0"})
    refused.close()
    assert "Content-Encoding" not in refused.headers
