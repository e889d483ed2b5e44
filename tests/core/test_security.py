import pytest

from tests.site.test_pages import ARTICLE_PATH
from tests.support.html_checks import audit

PAGES = ["/", "/?page=1", ARTICLE_PATH, "/khong-ton-tai", "/tin-tuc/khong-co-999"]


# What the site promises, written out here rather than read from danvan/core/security.py: a
# test that compared the headers with the implementation's own constant passed `object-src *`.
EXPECTED_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def policy_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} given twice"
        directives[name] = sources
    return directives


@pytest.mark.parametrize("path", PAGES + ["/healthz", "/static/css/site.css"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    response.close()
    assert policy_directives(response.headers["Content-Security-Policy"]) == EXPECTED_POLICY
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers[name] == value
    permissions = response.headers["Permissions-Policy"]
    assert {"camera=()", "microphone=()", "geolocation=()"} <= set(permissions.split(", "))
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP by default


def test_hsts_is_sent_when_cookies_are_secure(app_factory):
    response = app_factory(SECURE_COOKIES=True).test_client().get("/healthz")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


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
