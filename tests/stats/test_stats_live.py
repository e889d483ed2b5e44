"""Exact counts under real concurrency: a multi-threaded ``python app.py``, and two of them on
one database, hit by parallel HTTP clients loading pages and their beacons, or the beacon
alone (as when a cache answers the page). Nothing may be lost, not even by a hard kill."""

from __future__ import annotations

import json
import signal
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, text

from danvan.extensions import db
from tests.conftest import TEST_DATABASE_URL
from tests.site.test_pages import ARTICLE_PATH
from tests.stats.test_stats import SEARCH_ENGINE_BOTS
from tests.support.beacon import beacon_path

VISITORS = 12
VIEWS_EACH = 10


def visitor_agent(number: int) -> str:
    return (
        f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        f"Chrome/120.0.{number}.0 Safari/537.36"
    )


def get(url: str, user_agent: str, images: bool = True) -> int:
    """Load a page; with ``images`` (a browser, not a bot) its beacon too, as a browser does."""
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
        status = response.status
        html = body.decode() if response.headers.get_content_type() == "text/html" else ""
    beacon = beacon_path(html)
    if images and beacon is not None:
        assert get(urllib.parse.urljoin(url, beacon), user_agent) == 200
    return status


@pytest.fixture
def shared_database(tmp_path):
    """A database URL several servers can share: a SQLite file, or the PostgreSQL test one."""
    if not TEST_DATABASE_URL:
        yield f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        return

    def wipe():
        engine = create_engine(TEST_DATABASE_URL)
        db.metadata.drop_all(engine)
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        engine.dispose()

    wipe()
    yield TEST_DATABASE_URL
    wipe()


def read_counts(url: str) -> dict:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            counts = dict(
                connection.execute(
                    text("SELECT metric, SUM(value) FROM stats_daily GROUP BY metric")
                ).all()
            )
            counts["view_count"] = connection.execute(
                text("SELECT view_count FROM articles WHERE id = 1")
            ).scalar_one()
            counts["bots"] = dict(
                connection.execute(
                    text("SELECT bot_name, SUM(page_views) FROM stats_bot_daily GROUP BY bot_name")
                ).all()
            )
    finally:
        engine.dispose()
    return {
        key: (int(value) if isinstance(value, int | float) else value)
        for key, value in counts.items()
    }


def hammer(base_urls: list[str]) -> list[int]:
    """Every visitor and two crawlers request the article VIEWS_EACH times, in parallel, spread
    over the servers so that one visitor's requests race each other in every process."""
    jobs = []
    for number in range(VISITORS):
        for view in range(VIEWS_EACH):
            jobs.append((base_urls[view % len(base_urls)] + ARTICLE_PATH, visitor_agent(number)))
    for name in ("Googlebot", "coccocbot"):
        for view in range(VIEWS_EACH):
            url = base_urls[view % len(base_urls)] + ARTICLE_PATH
            jobs.append((url, SEARCH_ENGINE_BOTS[name], False))  # bots load no images
    with ThreadPoolExecutor(max_workers=24) as pool:
        return list(pool.map(lambda job: get(*job), jobs))


def expect_exact(counts: dict) -> None:
    assert counts["page_views"] == VISITORS * VIEWS_EACH
    assert counts["visits"] == VISITORS
    assert counts["view_count"] == 513 + VISITORS  # the sample's 513 views as if imported
    assert counts["bots"] == {"Googlebot": VIEWS_EACH, "coccocbot": VIEWS_EACH}


def test_threaded_server_counts_exactly_and_a_hard_kill_loses_nothing(
    live_server, tmp_path, shared_database
):
    # PAGEVIEW_FLUSH=0: every page view is committed before its response (the zero-loss mode).
    server = live_server(
        tmp_path / "one",
        DANVAN_DATABASE_URL=shared_database,
        DANVAN_THREADS="8",
        DANVAN_STATS_CACHE="0",
        DANVAN_PAGEVIEW_FLUSH="0",
    )
    assert set(hammer([server.url])) == {200}
    with urllib.request.urlopen(server.url + "/api/stats", timeout=10) as response:
        data = json.load(response)
    assert data["online"] == {
        "total": VISITORS + 2,
        "members": 0,
        "search_engines": 2,
        "guests": VISITORS,
    }
    assert data["today"] == VISITORS
    # Every answered page view is already committed: SIGKILL, then count.
    server.stop(signal.SIGKILL)
    expect_exact(read_counts(shared_database))
    assert "Traceback" not in server.read_log()


def test_two_processes_on_one_database_count_exactly(live_server, tmp_path, shared_database):
    first = live_server(
        tmp_path / "first",
        DANVAN_DATABASE_URL=shared_database,
        DANVAN_SECRET_KEY="shared-secret-key-of-two-processes",
    )
    second = live_server(
        tmp_path / "second",
        DANVAN_DATABASE_URL=shared_database,
        DANVAN_SECRET_KEY="shared-secret-key-of-two-processes",
    )
    assert set(hammer([first.url, second.url])) == {200}
    # Page views wait up to DANVAN_PAGEVIEW_FLUSH seconds in memory; a clean stop writes them.
    for server in (first, second):
        assert server.stop() == 0
        assert "Traceback" not in server.read_log()
    expect_exact(read_counts(shared_database))


BEACON_VISITORS = 50
BEACON_REQUESTS = 200


def hammer_beacon(base_urls: list[str]) -> list[int]:
    """200 beacons of the article from 50 distinct visitors over 20 threads, each visitor's
    spread over every server: what the site sees when a cache answers every page."""
    jobs = [
        (
            base_urls[number % len(base_urls)] + "/thong-ke/dem.gif?bai-viet=1",
            visitor_agent(100 + number % BEACON_VISITORS),
        )
        for number in range(BEACON_REQUESTS)
    ]
    with ThreadPoolExecutor(max_workers=20) as pool:
        return list(pool.map(lambda job: get(*job), jobs))


@pytest.mark.parametrize("processes", [1, 2])
def test_parallel_beacons_count_exactly(live_server, tmp_path, shared_database, processes):
    # The default buffered writer (page views wait a second in memory; a clean stop writes).
    servers = [
        live_server(
            tmp_path / f"server-{number}",
            DANVAN_DATABASE_URL=shared_database,
            DANVAN_SECRET_KEY="shared-secret-key-of-two-processes",
            DANVAN_THREADS="8",
        )
        for number in range(processes)
    ]
    assert set(hammer_beacon([server.url for server in servers])) == {200}
    for server in servers:
        assert server.stop() == 0
        assert "Traceback" not in server.read_log()
    counts = read_counts(shared_database)
    assert counts["page_views"] == BEACON_REQUESTS
    assert counts["visits"] == BEACON_VISITORS
    assert counts["view_count"] == 513 + BEACON_VISITORS
    assert counts["bots"] == {}
