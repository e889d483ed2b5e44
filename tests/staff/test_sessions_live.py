"""Staff sessions against real servers: two ``python app.py`` processes sharing one database,
hit by parallel requests. Whatever process answers, a session ends everywhere at once and no
request revives it."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from tests.support.live_clients import create_staff
from tests.support.live_server import BROWSER_UA
from tests.support.staff import PASSWORD


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie jar and the requests a browser would send, against any of the servers."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )
        self.csrf = ""

    def send(self, url: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(
            url, data=body, headers={"User-Agent": BROWSER_UA, **(headers or {})}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def sign_in(self, base: str, username: str) -> int:
        _, html = self.send(base + "/login")
        token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
        status, _ = self.send(
            base + "/login", {"csrf_token": token, "username": username, "password": PASSWORD}
        )
        _, html = self.send(base + "/quan-tri/")
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
        return status


def test_two_processes_share_sessions_and_sign_out_wins_every_race(live_server, tmp_path):
    instance = tmp_path / "shared"
    first = live_server(instance)
    second = live_server(instance)  # same database and secret: a second worker process
    create_staff(first)
    servers = [first.url, second.url]

    browser = Browser()
    assert browser.sign_in(first.url, "lan") == 303

    def staff_request(number: int) -> int:
        base = servers[number % 2]
        if number % 3 == 0:
            return browser.send(
                base + "/session/keepalive", {}, {"HX-Request": "true", "X-CSRFToken": browser.csrf}
            )[0]
        if number % 3 == 1:
            return browser.send(base + "/session/status", headers={"HX-Request": "true"})[0]
        return browser.send(base + "/quan-tri/")[0]

    with ThreadPoolExecutor(16) as pool:
        assert set(pool.map(staff_request, range(120))) == {200}

    # Sign out on the second process while requests keep arriving on both.
    with ThreadPoolExecutor(16) as pool:
        during = pool.map(staff_request, range(60))
        assert browser.send(second.url + "/logout", {"csrf_token": browser.csrf})[0] == 303
        assert set(during) <= {200, 303, 401}
    # The cookie jar dropped its session on sign-out: replay the old cookie as a thief would.
    thief = Browser()
    for cookie in browser.jar:
        thief.jar.set_cookie(cookie)
    with ThreadPoolExecutor(16) as pool:
        after = list(pool.map(lambda n: thief.send(servers[n % 2] + "/quan-tri/")[0], range(40)))
    assert set(after) == {303}


def test_parallel_sign_ins_each_get_their_own_session(live_server, tmp_path):
    server = live_server(tmp_path / "many")
    names = [f"canbo{number}" for number in range(8)]
    for name in names:
        create_staff(server, name)
    browsers = [Browser() for _ in names]
    with ThreadPoolExecutor(8) as pool:
        statuses = list(
            pool.map(
                lambda pair: pair[0].sign_in(server.url, pair[1]), zip(browsers, names, strict=True)
            )
        )
    assert statuses == [303] * len(names)
    for browser, name in zip(browsers, names, strict=True):
        status, html = browser.send(server.url + "/quan-tri/")
        assert status == 200 and f"Cán bộ: <strong>{name}</strong>" in html
