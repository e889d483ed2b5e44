"""Clients for tests against real ``python app.py`` processes: browsers with their own cookies and
User-Agent, the ``flask`` command run against a server's instance, and database reads."""

from __future__ import annotations

import http.cookiejar
import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from itsdangerous import URLSafeSerializer
from sqlalchemy import create_engine, text

from danvan import PROJECT_ROOT
from tests.conftest import TEST_DATABASE_URL
from tests.site.test_pages import ARTICLE_PATH
from tests.support.beacon import beacon_path
from tests.support.live_server import BROWSER_UA, LiveServer
from tests.support.staff import PASSWORD

VOTE_PATH = "/tin-tuc/1/danh-gia"
_FORM_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
_META_TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"')


def person_agent(number: int) -> str:
    """A browser User-Agent unique to ``number``: one distinct guest in the statistics."""
    return (
        f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        f"Chrome/121.0.{number}.0 Safari/537.36"
    )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One browser: a cookie jar (shared by every server on 127.0.0.1, as behind one nginx) and
    a User-Agent. ``send`` returns ``(status, body)`` for any HTTP status, having loaded a
    page's counting beacon as a browser does; a connection that fails (server gone) raises
    ``OSError``."""

    def __init__(self, user_agent: str) -> None:
        self.user_agent = user_agent
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        self.form_token = ""

    def send(
        self, url: str, data: dict | None = None, headers: dict | None = None, timeout: float = 30
    ) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(
            url, data=body, headers={"User-Agent": self.user_agent, **(headers or {})}
        )
        try:
            with self.opener.open(request, timeout=timeout) as response:
                status, page = response.status, response.read().decode(errors="replace")
                is_html = response.headers.get_content_type() == "text/html"
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        beacon = beacon_path(page) if is_html else None
        if beacon is not None:  # a browser loads the page's images: the beacon counts it
            self.send(urllib.parse.urljoin(url, beacon), timeout=timeout)
        return status, page

    def read_article(self, base: str) -> int:
        """Load the article page (a page view and an article view); keep the form's token."""
        status, html = self.send(base + ARTICLE_PATH)
        match = _FORM_TOKEN.search(html)
        if match:
            self.form_token = match.group(1)
        return status

    def vote(self, base: str, stars: int, timeout: float = 30) -> int:
        """Post the rating form the way htmx does; returns the status."""
        return self.send(
            base + VOTE_PATH,
            {"stars": stars, **({"csrf_token": self.form_token} if self.form_token else {})},
            {"HX-Request": "true"},
            timeout=timeout,
        )[0]

    def voter_cookie(self) -> str | None:
        return next((cookie.value for cookie in self.jar if cookie.name == "danvan_voter"), None)

    def sign_in(self, base: str, username: str, password: str = PASSWORD) -> int:
        """Sign in through the form; returns the status of the POST (303 on success)."""
        _, html = self.send(base + "/login")
        token = _META_TOKEN.search(html).group(1)
        return self.send(
            base + "/login", {"csrf_token": token, "username": username, "password": password}
        )[0]


def fetch(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str]:
    """One request as a browser without cookies: its status and text, error statuses included."""
    request = urllib.request.Request(
        url, data=data, headers={"User-Agent": BROWSER_UA, **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def database_url_of(server: LiveServer) -> str:
    """The database a server uses: its ``DANVAN_DATABASE_URL``, else its instance's SQLite file."""
    return (
        server.env.get("DANVAN_DATABASE_URL") or f"sqlite:///{server.instance / 'danvan.sqlite3'}"
    )


def shared_database_url(instance: Path) -> str:
    """What several test servers share: the PostgreSQL test database when one is set, else the
    SQLite file of ``instance`` (the first server creates it)."""
    return TEST_DATABASE_URL or f"sqlite:///{instance / 'danvan.sqlite3'}"


def run_flask(
    server: LiveServer, *args: str, input: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """``flask --app app ARGS`` on a server's instance and database, as an operator runs it."""
    env = {
        "DANVAN_INSTANCE_PATH": str(server.instance),
        "PATH": "/usr/bin:/bin",
        "DANVAN_DATABASE_URL": database_url_of(server),
    }
    command = [sys.executable, "-m", "flask", "--app", "app", *args]
    quietly = {"capture_output": True, "text": True, "cwd": PROJECT_ROOT}
    return subprocess.run(command, input=input, env=env, timeout=timeout, **quietly)


def create_staff(server: LiveServer, username: str = "lan", role: str = "editor") -> None:
    """``flask create-user`` with the test password piped twice, on the server's database."""
    password = f"{PASSWORD}\n{PASSWORD}\n"
    result = run_flask(server, "create-user", "--role", role, username, input=password)
    assert result.returncode == 0, result.stderr


def stored_votes(server: LiveServer) -> dict[str, int]:
    """Article 1's votes as stored: voter key -> stars."""
    engine = create_engine(database_url_of(server))
    try:
        with engine.connect() as connection:
            return dict(
                connection.execute(
                    text("SELECT voter_key, stars FROM rating_votes WHERE article_id = 1")
                ).all()
            )
    finally:
        engine.dispose()


def voter_key_of(server: LiveServer, cookie_value: str) -> str:
    """The voter key the site derives from a ``danvan_voter`` cookie (signed with its secret)."""
    secret = (server.instance / "secret_key").read_text().strip()
    token = URLSafeSerializer(secret, salt="danvan.rating.voter").loads(cookie_value)
    return f"visitor:{token}"


# A log line as danvan writes it: time, level, [request id], logger: message (one line).
EVENT_LINE = (
    r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR|CRITICAL) "
    r"\[[^\]\s]+\] [\w.-]+: .*"
)


def assert_one_line_events(log: str) -> None:
    """Every line of a server's output is one whole event with its level and request id."""
    for line in log.splitlines():
        assert re.fullmatch(EVENT_LINE, line), f"not a one-line event: {line!r}"
