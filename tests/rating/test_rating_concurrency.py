"""Parallel votes against a real ``python app.py``: nothing lost, nothing counted twice.

On PostgreSQL (``DANVAN_TEST_DATABASE_URL``) the server is pointed at that database.
"""

from __future__ import annotations

import http.cookies
import json
import random
import threading
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from danvan import create_app
from danvan.extensions import db
from tests.conftest import TEST_DATABASE_URL, make_config
from tests.site.test_pages import ARTICLE_PATH
from tests.support.live_server import BROWSER_UA

VOTE_PATH = "/tin-tuc/1/danh-gia"


def _empty_database(tmp_path) -> None:
    app = create_app(make_config(tmp_path / "cleaner", SQLALCHEMY_DATABASE_URI=TEST_DATABASE_URL))
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        db.engine.dispose()


@pytest.fixture
def rating_server(live_server, tmp_path):
    """A live server without rate limits (load test settings), on the test database."""
    env = {
        "DANVAN_RATELIMIT_ENABLED": "false",
        "DANVAN_RATING_PER_IP": "1000000",
        "DANVAN_THREADS": "16",
        # Trust one proxy, so a test can vote from many networks through X-Forwarded-For.
        "DANVAN_PROXIES": "1",
    }
    if TEST_DATABASE_URL:
        _empty_database(tmp_path)
        env["DANVAN_DATABASE_URL"] = TEST_DATABASE_URL
    yield live_server(**env)
    if TEST_DATABASE_URL:
        _empty_database(tmp_path)


class Voter:
    """One browser: it reads the article (which sets no cookie) and keeps the voter cookie its
    first vote is given."""

    def __init__(self, base_url: str, address: str | None = None) -> None:
        self.base_url = base_url
        self.network = {"X-Forwarded-For": address} if address else {}
        self.cookie = ""
        request = urllib.request.Request(
            base_url + ARTICLE_PATH, headers={"User-Agent": BROWSER_UA, **self.network}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            assert response.headers.get_all("Set-Cookie") is None  # reading sets no cookie

    def vote(self, stars: int) -> int:
        body = urllib.parse.urlencode({"stars": stars}).encode()
        request = urllib.request.Request(
            self.base_url + VOTE_PATH,
            data=body,
            method="POST",
            headers={
                "User-Agent": BROWSER_UA,
                "Cookie": self.cookie,
                "HX-Request": "true",
                "Sec-Fetch-Site": "same-origin",
                "Content-Type": "application/x-www-form-urlencoded",
                **self.network,
            },
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            jar = http.cookies.SimpleCookie()
            for header in response.headers.get_all("Set-Cookie") or ():
                jar.load(header)
            if jar:
                self.cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())
            return response.status


def rating_of(server) -> dict:
    with urllib.request.urlopen(server.url + "/api/articles/1/rating", timeout=30) as response:
        return json.loads(response.read())


def all_at_once(calls) -> list:
    """Run the calls in parallel threads released together by a barrier."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


@pytest.mark.parametrize("networks", ["one network", "200 networks"])
def test_200_distinct_voters_in_parallel_are_all_counted(rating_server, networks):
    # From one network every vote queues on that network's daily-window row, which would hide
    # a summary written by read-then-write; from 200 networks nothing serialises the votes but
    # the summary's own relative increments.
    def address(number: int) -> str | None:
        return f"10.{number // 250}.{number % 250}.1" if networks == "200 networks" else None

    with ThreadPoolExecutor(max_workers=20) as pool:
        voters = list(pool.map(lambda n: Voter(rating_server.url, address(n)), range(200)))
    stars = [number % 5 + 1 for number in range(200)]
    statuses = all_at_once(
        [lambda v=voter, s=s: v.vote(s) for voter, s in zip(voters, stars, strict=True)]
    )
    assert statuses == [200] * 200
    rating = rating_of(rating_server)
    # Plus the sample article's one earlier 4-star vote (as if imported from NukeViet), which
    # has no per-star split.
    assert rating["count"] == 200 + 1
    assert rating["sum"] == sum(stars) + 4 == 604
    assert rating["distribution"] == {str(n): 40 for n in range(1, 6)}
    assert "Traceback" not in rating_server.read_log()


def test_50_simultaneous_requests_from_one_voter_count_once(rating_server):
    voter = Voter(rating_server.url)
    assert voter.vote(3) == 200 and "danvan_voter=" in voter.cookie  # minted by the first vote
    chosen = [random.randint(1, 5) for _ in range(50)]
    statuses = all_at_once([lambda s=s: voter.vote(s) for s in chosen])
    assert statuses == [200] * 50
    rating = rating_of(rating_server)
    assert rating["count"] == 1 + 1  # and the sample article's earlier 4-star vote
    # Whichever request came last, the summary agrees with the one stored vote.
    (final,) = [int(n) for n, count in rating["distribution"].items() if count == 1]
    assert rating["sum"] == final + 4 and final in chosen
    assert sum(rating["distribution"].values()) == 1
    # And the server keeps counting exactly afterwards: a second voter adds one.
    Voter(rating_server.url).vote(5)
    assert rating_of(rating_server)["count"] == 3
    assert "Traceback" not in rating_server.read_log()
