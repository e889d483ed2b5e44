"""deploy/nginx.conf in front of ``python app.py``: what the cache keeps, what it never keeps,
and what it refuses. Counting through the cache: test_nginx_counting.py."""

from __future__ import annotations

import gzip
import http.client
import re
import shutil
import subprocess
import time

import pytest

from deploy.render_nginx_conf import render
from tests.site.test_pages import ARTICLE_PATH
from tests.support.live_clients import Browser, create_staff
from tests.support.live_server import BROWSER_UA
from tests.support.nginx import NginxServer, ask, nginx_available
from tests.support.staff_forms import form_fields

from .conftest import NO_NGINX

STAFF_MARK = "Trang quản trị"  # the footer link only a signed-in staff member's pages have
OWN_VOTE = 'id="danh-gia-cua-ban"'


def public_paths(base: str) -> list[str]:
    """The home page, the article, and a category and a page the article links to (the sample
    content has no tags), plus the other public pages every site has."""
    article = ask(base, ARTICLE_PATH).text
    found = [
        re.search(rf'href="(/{prefix}/[^"#?]+)"', article)
        for prefix in ("chuyen-muc", "gioi-thieu")
    ]
    assert all(found), "the article links a category and a page"
    return [
        "/",
        ARTICLE_PATH,
        *(match.group(1) for match in found if match),
        "/en/",
        "/tim-kiem?q=d%C3%A2n+v%E1%BA%ADn",
        "/van-ban/",
        "/thong-ke",
        "/rss.xml",
        "/sitemap.xml",
    ]


@pytest.mark.skipif(not nginx_available(), reason=NO_NGINX)
def test_the_file_renders_into_a_configuration_nginx_accepts_with_and_without_tls(tmp_path):
    plain = NginxServer(tmp_path / "plain", "127.0.0.1:8080").check()
    assert plain.returncode == 0, plain.stderr
    if shutil.which("openssl"):
        tls = tmp_path / "tls"
        tls.mkdir()
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
            + ["-subj", "/CN=danvan.example.gov.vn", "-keyout", str(tls / "privkey.pem")]
            + ["-out", str(tls / "fullchain.pem")],
            check=True,
            capture_output=True,
        )
        nginx = NginxServer(tmp_path / "with-tls", "127.0.0.1:8080")
        nginx.write_config()
        values = {
            "SERVER_NAME": "danvan.example.gov.vn",
            "LISTEN": f"127.0.0.1:{nginx.port} ssl http2",
            "UPSTREAM": "127.0.0.1:8080",
            "COMPRESSOR": f"127.0.0.1:{nginx.compressor_port}",
            "CHECKOUT": "/srv/danvan",
            "CACHE_DIR": str(nginx.folder / "cache"),
            "ACCESS_LOG": str(nginx.folder / "access.log"),
            "CERTIFICATE": str(tls / "fullchain.pem"),
            "CERTIFICATE_KEY": str(tls / "privkey.pem"),
        }
        site = render(values, tls=True)
        assert "ssl_certificate " in site and "return 301 https://$host$request_uri;" in site
        # Plain port 80 is the redirect's: checked here on another port, as root may not bind.
        site = site.replace("listen 80", f"listen 127.0.0.1:{nginx.port + 1}")
        (nginx.folder / "danvan.conf").write_text(site)
        checked = subprocess.run(
            ["/usr/sbin/nginx", "-t", "-p", str(nginx.folder), "-c", "nginx.conf", "-e", "stderr"],
            capture_output=True,
            text=True,
        )
        assert checked.returncode == 0, checked.stderr
    with pytest.raises(ValueError, match="SERVER_NAME"):
        render({"LISTEN": "80"})


def test_a_page_is_a_miss_then_a_hit_then_a_304_and_never_sets_a_cookie(behind_nginx):
    server, nginx = behind_nginx()
    for path in public_paths(nginx.url):
        first = ask(nginx.url, path)
        second = ask(nginx.url, path)
        assert first.status == second.status == 200, path
        assert first.cache_status in {"MISS", "HIT"}, path  # the article was read once before
        assert second.cache_status == "HIT", (path, second.headers)
        assert first.cookies == second.cookies == [], path
        assert second.body == first.body, path
        etag = second.headers["ETag"]
        again = ask(nginx.url, path, {"If-None-Match": etag})
        assert again.status == 304 and again.cache_status == "HIT" and again.body == b"", path
    # A link shared on Facebook or Zalo: the same copy, whatever the click's own parameters.
    for query in ("?fbclid=IwAR0abc", "?zarsrc=30&utm_source=zalo&utm_medium=zalo"):
        shared = ask(nginx.url, ARTICLE_PATH + query)
        assert shared.cache_status == "HIT" and shared.body == ask(nginx.url, ARTICLE_PATH).body
    assert ask(nginx.url, ARTICLE_PATH + "?fbclid=1&print=1").cache_status == "MISS"
    # One request reached the site per page, whatever the readers' number.
    log = server.read_log()
    assert log.count(f'"GET {ARTICLE_PATH}"') == 1, log


def test_nginx_compresses_pages_and_serves_static_files_itself(behind_nginx):
    server, nginx = behind_nginx()
    plain = ask(nginx.url, ARTICLE_PATH)
    html = plain.text
    assert "Content-Encoding" not in plain.headers
    # Compressed once, by the compressor, before the cache: a copy of its own, kept compressed.
    page = ask(nginx.url, ARTICLE_PATH, {"Accept-Encoding": "gzip, deflate, br"})
    assert page.headers["Content-Encoding"] == "gzip" and page.cache_status == "MISS"
    # (Not byte for byte the plain copy: each was rendered on its own, the statistics may move.)
    assert gzip.decompress(page.body).startswith(plain.body[:2000])
    assert "Accept-Encoding" in ", ".join(page.headers.get_all("Vary") or [])
    again = ask(nginx.url, ARTICLE_PATH, {"Accept-Encoding": "gzip"})
    assert again.cache_status == "HIT" and again.body == page.body
    stylesheet = re.search(r'href="(/static/css/site\.css\?v=\w+)"', html)
    assert stylesheet, "the page links its versioned stylesheet"
    versioned = ask(nginx.url, stylesheet.group(1), {"Accept-Encoding": "gzip"})
    assert versioned.status == 200 and versioned.headers["Content-Encoding"] == "gzip"
    assert versioned.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert versioned.headers["X-Content-Type-Options"] == "nosniff"
    bare = ask(nginx.url, "/static/css/site.css")
    assert bare.status == 200 and bare.headers["Cache-Control"] == "no-cache"
    assert "/static/" not in server.read_log(), "the site itself served a static file"


def test_a_staff_members_pages_bypass_the_cache_and_are_never_served_to_readers(behind_nginx):
    server, nginx = behind_nginx()
    create_staff(server, "lan")
    staff = Browser(BROWSER_UA)
    assert staff.sign_in(nginx.url, "lan") == 303
    for _ in range(2):
        status, html = staff.send(nginx.url + ARTICLE_PATH)
        assert status == 200 and STAFF_MARK in html
    staff_answer = ask(nginx.url, ARTICLE_PATH, {"Cookie": cookie_header(staff)})
    assert staff_answer.cache_status == "BYPASS" and STAFF_MARK in staff_answer.text
    assert "no-store" in staff_answer.headers["Cache-Control"]
    # The staff member read it first, three times: none of those answers was stored.
    reader = ask(nginx.url, ARTICLE_PATH)
    assert reader.cache_status == "MISS" and STAFF_MARK not in reader.text
    assert ask(nginx.url, ARTICLE_PATH).cache_status == "HIT"
    # HTTP authentication is personal too.
    assert ask(nginx.url, ARTICLE_PATH, {"Authorization": "Basic eDp5"}).cache_status == "BYPASS"


def test_a_vote_needs_no_prior_cookie_and_its_personal_answers_are_never_cached(behind_nginx):
    server, nginx = behind_nginx()
    assert ask(nginx.url, ARTICLE_PATH).cache_status == "MISS"
    # Without JavaScript: the form's POST, from a page that came from the cache, then the
    # reader's own-vote page it leads to.
    voter = Browser(BROWSER_UA)
    status, _ = voter.send(nginx.url + "/tin-tuc/1/danh-gia", {"stars": 4})
    assert status == 303 and voter.voter_cookie()
    status, own = voter.send(nginx.url + "/tin-tuc/1/danh-gia?sao=4")
    assert status == 200 and OWN_VOTE in own
    # With htmx: the reader's block, and the fragment site.js asks for on a cached page.
    htmx = Browser(BROWSER_UA)
    status, widget = htmx.send(nginx.url + "/tin-tuc/1/danh-gia", {"stars": 5}, htmx_headers())
    assert status == 200 and OWN_VOTE in widget and htmx.voter_cookie()
    fragment = ask(
        nginx.url, "/tin-tuc/1/danh-gia", {"Cookie": cookie_header(htmx), **htmx_headers()}
    )
    assert OWN_VOTE in fragment.text and "no-store" in fragment.headers["Cache-Control"]
    # None of it was kept: whoever asks next, at the same addresses, gets nobody's vote.
    for path, headers in (
        ("/tin-tuc/1/danh-gia?sao=4", {}),
        ("/tin-tuc/1/danh-gia", htmx_headers()),
        (ARTICLE_PATH, {}),
        (ARTICLE_PATH, htmx_headers()),
    ):
        reader = ask(nginx.url, path, headers)
        assert reader.status == 200 and OWN_VOTE not in reader.text and not reader.cookies, path
    # The voters' own later reads of the article are the shared copy.
    assert ask(nginx.url, ARTICLE_PATH, {"Cookie": cookie_header(voter)}).cache_status == "HIT"


def test_a_staff_edit_is_seen_by_readers_within_the_shared_lifetime(behind_nginx):
    shared, stale = 2, 2
    server, nginx = behind_nginx(
        DANVAN_CACHE_SHARED_MAX_AGE=str(shared), DANVAN_CACHE_STALE=str(stale), DANVAN_WORKERS="1"
    )
    create_staff(server, "lan")
    staff = Browser(BROWSER_UA)
    assert staff.sign_in(nginx.url, "lan") == 303

    def edit(words: str) -> None:
        _, form = staff.send(nginx.url + "/quan-tri/bai-viet/1")
        fields = form_fields(form, "editor")
        fields["body"] = fields["body"] + f"\n\n{words}"
        fields["action"] = "save"
        assert staff.send(nginx.url + "/quan-tri/bai-viet/1", fields)[0] == 303

    ask(nginx.url, ARTICLE_PATH)
    edit("Đoạn mới thứ nhất.")
    edited = time.monotonic()
    old = ask(nginx.url, ARTICLE_PATH)
    assert old.cache_status == "HIT" and "Đoạn mới thứ nhất." not in old.text
    statuses = []
    while True:
        reader = ask(nginx.url, ARTICLE_PATH)
        statuses.append(reader.cache_status)
        if "Đoạn mới thứ nhất." in reader.text:
            break
        assert time.monotonic() - edited < shared + 1.5, "readers did not see the edit in time"
        time.sleep(0.1)
    # The reader who found the copy expired got it at once, stale, while nginx fetched the new
    # one in the background; nobody waited for the site.
    assert "STALE" in statuses, statuses
    # A page nobody read for longer than its lifetime and the stale window: the first reader
    # after the quiet spell already gets the new page (no stale copy of any age).
    edit("Đoạn mới thứ hai.")
    time.sleep(shared + stale + 1.5)
    first = ask(nginx.url, ARTICLE_PATH)
    assert first.cache_status == "EXPIRED" and "Đoạn mới thứ hai." in first.text


def test_other_host_names_get_no_answer(behind_nginx):
    server, nginx = behind_nginx()
    for host in ("evil.example", "localhost", "127.0.0.1.evil.example"):
        with pytest.raises(http.client.RemoteDisconnected):
            ask(nginx.url, "/", {"Host": host})
    # An empty Host is nginx's own 400, which names no version.
    empty = ask(nginx.url, "/", {"Host": ""})
    assert empty.status == 400 and empty.headers["Server"] == "nginx"
    assert ask(nginx.url, "/", {"Host": "127.0.0.1"}).status == 200
    assert "evil.example" not in server.read_log()


def cookie_header(browser: Browser) -> str:
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in browser.jar)


def htmx_headers() -> dict[str, str]:
    return {"HX-Request": "true"}
