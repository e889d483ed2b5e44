"""Several real ``python app.py`` processes on one database (the SQLite file of the first one's
instance, or the PostgreSQL test database) under one parallel mixed load: votes from many voters,
vote changes, article views, page views from distinct guests, a crawler and a signed-in staff
member, each spread over every server. The totals must be exactly what one process gives."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.stats.test_stats import SEARCH_ENGINE_BOTS
from tests.stats.test_stats_live import read_counts
from tests.support.live_clients import (
    Browser,
    assert_one_line_events,
    create_staff,
    get_json,
    person_agent,
    shared_database_url,
    stored_votes,
)

VOTERS = 48  # each reads the article, votes on another server, half change their vote
READERS = 24  # each reads the home page, the article and the statistics page
CRAWLER_VIEWS = 6  # Googlebot reads the article this often
STAFF = "lan"

# Start-up settings for the load: no per-address limits (every client is 127.0.0.1), and the
# statistics read fresh on every call of /api/stats.
LOAD_ENV = {
    "DANVAN_RATELIMIT_ENABLED": "false",
    "DANVAN_RATING_PER_IP": "1000000",
    "DANVAN_STATS_CACHE": "0",
    "DANVAN_THREADS": "16",
}


def first_stars(number: int) -> int:
    return number % 5 + 1


def final_stars(number: int) -> int:
    """Even voters change their vote to the "opposite" star; odd ones keep the first."""
    return 6 - first_stars(number) if number % 2 == 0 else first_stars(number)


def run_load(bases: list[str]) -> dict[str, int]:
    """The mixed load, every task in parallel; returns how many counted page views it made."""

    def on(number: int) -> str:
        return bases[number % len(bases)]

    def voter(number: int) -> list[int]:
        browser = Browser(person_agent(number))
        statuses = [browser.read_article(on(number))]
        statuses.append(browser.vote(on(number + 1), first_stars(number)))
        if number % 2 == 0:
            statuses.append(browser.read_article(on(number + 1)))
            statuses.append(browser.vote(on(number), final_stars(number)))
        return statuses

    def reader(number: int) -> list[int]:
        browser = Browser(person_agent(1000 + number))
        return [
            browser.send(on(number) + "/")[0],
            browser.read_article(on(number + 1)),
            browser.send(on(number) + "/thong-ke")[0],
        ]

    def crawler(number: int) -> list[int]:
        return [Browser(SEARCH_ENGINE_BOTS["Googlebot"]).read_article(on(number))]

    def staff(_: int) -> list[int]:
        browser = Browser(person_agent(5000))
        statuses = [browser.sign_in(on(0), STAFF)]
        for number in range(4):
            statuses.append(browser.send(on(number) + "/quan-tri/")[0])
        statuses.append(browser.read_article(on(1)))
        return statuses

    tasks = (
        [(voter, n) for n in range(VOTERS)]
        + [(reader, n) for n in range(READERS)]
        + [(crawler, n) for n in range(CRAWLER_VIEWS)]
        + [(staff, 0)]
    )
    with ThreadPoolExecutor(max_workers=24) as pool:
        results = list(pool.map(lambda task: task[0](task[1]), tasks))
    statuses = [status for result in results for status in result]
    assert set(statuses) <= {200, 303}, statuses
    assert statuses.count(303) == 1  # the staff sign-in
    return {
        # Voters read the article once or twice, readers three pages, staff five pages.
        "page_views": VOTERS + VOTERS // 2 + 3 * READERS + 5,
    }


def start_servers(live_server, tmp_path, count: int, workers: str | None) -> list:
    instance = tmp_path / "shared-instance"
    env = dict(LOAD_ENV, DANVAN_DATABASE_URL=shared_database_url(instance))
    if workers is not None:
        env["DANVAN_WORKERS"] = workers
    return [live_server(instance, **env) for _ in range(count)]


@pytest.mark.parametrize(
    ("count", "workers"),
    [
        pytest.param(1, "1", id="one-process"),
        pytest.param(2, "1", id="two-processes"),
        pytest.param(2, None, id="two-servers-default-workers"),
    ],
)
def test_processes_on_one_database_give_the_totals_of_one(live_server, tmp_path, count, workers):
    servers = start_servers(live_server, tmp_path, count, workers)
    create_staff(servers[0], STAFF)
    made = run_load([server.url for server in servers])

    # Votes: every voter once, with the last stars they chose; the JSON twin agrees on every
    # server with the vote log.
    finals = [final_stars(number) for number in range(VOTERS)]
    # The sample article carries one earlier 4-star vote (as if imported from NukeViet).
    expected_rating = {
        "article_id": 1,
        "count": VOTERS + 1,
        "sum": sum(finals) + 4,
        "distribution": {str(stars): finals.count(stars) for stars in range(1, 6)},
    }
    for server in servers:
        rating = get_json(server.url + "/api/articles/1/rating")
        assert {key: rating[key] for key in expected_rating} == expected_rating
    votes = stored_votes(servers[0])
    assert len(votes) == VOTERS and sorted(votes.values()) == sorted(finals)

    # Statistics: each person is one visit and one article view, wherever they were served.
    # Presence and visits, like page views, may wait DANVAN_PAGEVIEW_FLUSH seconds in memory.
    people = VOTERS + READERS + 1
    online = {"total": people + 1, "members": 1, "search_engines": 1, "guests": VOTERS + READERS}
    for server in servers:
        data = get_json(server.url + "/api/stats")
        deadline = time.monotonic() + 5
        while (data["online"], data["today"]) != (online, people) and time.monotonic() < deadline:
            time.sleep(0.2)
            data = get_json(server.url + "/api/stats")
        assert data["online"] == online
        assert data["today"] == people
    # Page views may wait DANVAN_PAGEVIEW_FLUSH seconds in memory: a clean stop writes them.
    for server in servers:
        assert server.stop() == 0
        assert "Traceback" not in server.read_log()
        assert_one_line_events(server.read_log())
    counts = read_counts(servers[0].env["DANVAN_DATABASE_URL"])
    assert counts["view_count"] == 513 + people  # the sample's 513 views as if imported
    assert counts["visits"] == people
    assert counts["page_views"] == made["page_views"]
    assert counts["bots"] == {"Googlebot": CRAWLER_VIEWS}
