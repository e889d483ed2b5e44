"""``python bench/attack_rerun.py``: issue 12's attack, re-run against a real ``python app.py``.

Starts the site with its defaults (processes, threads, rate limits on) on a temporary SQLite
instance (or ``--database-url``), then sends, over HTTP:

- the route fuzz of ``tests/core/test_route_fuzz.py`` (every route, hostile path parameters,
  query strings and form fields), anonymously and as a signed-in admin;
- the findings' own reproductions: the hole marker in a link title, a NUL in a sign-in name,
  out-of-range ids, a foreign ``Host``;
- 30 parallel wrong passwords for one account (how many were checked: the server logs one line
  per password it checks).

Prints the requests sent, every 5xx, and the burst figure. Bounded: a few thousand requests.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from danvan import create_app  # noqa: E402
from tests.conftest import make_config  # noqa: E402
from tests.core.test_route_fuzz import fuzz  # noqa: E402
from tests.support.live_clients import Browser, create_staff, fetch, person_agent  # noqa: E402
from tests.support.live_server import BROWSER_UA, LiveServer  # noqa: E402
from tests.support.staff import PASSWORD, csrf_from  # noqa: E402


class Answer:
    """What the fuzz reads of a response."""

    def __init__(self, status_code: int) -> None:
        self.status_code = status_code


class HttpClient:
    """The Flask test client's ``open`` over real HTTP, with one browser's cookies."""

    def __init__(self, base: str, browser: Browser) -> None:
        self.base, self.browser = base, browser

    def open(self, path: str, method: str = "GET", data=None, content_type=None, **_) -> Answer:
        body = data.encode() if isinstance(data, str) else data
        headers = {"User-Agent": self.browser.user_agent}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(
            self.base + path, data=body, method=method, headers=headers
        )
        try:
            with self.browser.opener.open(request, timeout=30) as response:
                response.read()
                return Answer(response.status)
        except urllib.error.HTTPError as error:
            error.read()
            return Answer(error.code)


def status_of(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str]:
    return fetch(url, data, headers)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="e.g. postgresql+psycopg://postgres@127.0.0.1/db")
    args = parser.parse_args()
    env = {"DANVAN_DATABASE_URL": args.database_url} if args.database_url else {}
    url_map_app = create_app(make_config(Path(tempfile.mkdtemp()) / "map"))
    with tempfile.TemporaryDirectory() as folder:
        server = LiveServer(Path(folder), env=env).start(60)
        try:
            create_staff(server, "quantri", role="admin")
            create_staff(server, "lan")
            sent, failures = 30, []
            anonymous = Browser(BROWSER_UA)
            admin = Browser(person_agent(1))
            assert admin.sign_in(server.url, "quantri") == 303
            _, page = admin.send(server.url + "/quan-tri/")
            # The sign-in burst: 30 wrong passwords for one account at once.
            burst = [Browser(person_agent(100 + n)) for n in range(30)]
            with ThreadPoolExecutor(max_workers=30) as pool:
                answers = list(
                    pool.map(lambda b: b.sign_in(server.url, "lan", PASSWORD + "x"), burst)
                )
            checked = server.read_log().count("sign-in: password check failed")
            for browser, token in ((anonymous, "x"), (admin, csrf_from(page))):
                count, found = fuzz(url_map_app, HttpClient(server.url, browser), token)
                sent, failures = sent + count, failures + found
            # The findings' reproductions.
            checks = {
                "link title with U+001E": admin.send(
                    server.url + "/quan-tri/lien-ket/1",
                    {
                        "csrf_token": csrf_from(page),
                        "title": "A \x1ezzz\x1e B",
                        "url": "https://danvan.vn/",
                    },
                )[0],
                "home page after it": status_of(server.url + "/")[0],
                "/tin-tuc/9223372036854775808": status_of(
                    server.url + "/tin-tuc/9223372036854775808"
                )[0],
                "/tin-tuc/2147483648": status_of(server.url + "/tin-tuc/2147483648")[0],
                "/?page=²": status_of(server.url + "/?page=%C2%B2")[0],
                "NUL in a sign-in name": status_of(server.url + "/login", b"username=admin1%00")[0],
                "Host: evil.example": status_of(server.url + "/", headers={"Host": "evil.example"})[
                    0
                ],
            }
            sent += len(checks)
            _, home = status_of(server.url + "/")
            poisoned = "evil.example" in home
        finally:
            server.stop()
    fivexx = failures + [f"{s} {name}" for name, s in checks.items() if s >= 500]
    print(f"requests sent: {sent}; answered 5xx: {len(fivexx)}")
    for line in fivexx[:20]:
        print("  ", line)
    for name, status in checks.items():
        print(f"  {name}: {status}")
    print(f"  a page after Host: evil.example names evil.example: {poisoned}")
    print(
        f"sign-in burst: 30 parallel wrong passwords, {checked} checked, "
        f"answers {sorted(set(answers))} ({answers.count(429)} x 429)"
    )
    return 1 if fivexx or poisoned or checked > 5 else 0


if __name__ == "__main__":
    sys.exit(main())
