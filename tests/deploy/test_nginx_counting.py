"""Counting stays exact when nginx answers the pages from its cache: every page a reader loads
embeds the beacon (``/thong-ke/dem.gif``), which no cache answers, and the beacon counts."""

from __future__ import annotations

import html
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.site.test_pages import ARTICLE_PATH
from tests.stats.test_stats import SEARCH_ENGINE_BOTS
from tests.stats.test_stats_live import read_counts, visitor_agent
from tests.support.live_clients import database_url_of
from tests.support.nginx import ask

VISITORS = 12
ARTICLE_LOADS = 10  # each visitor's
HOME_LOADS = 4
BEACON = re.compile(r'src="(/thong-ke/dem\.gif[^"]*)"')


def load_page(base: str, path: str, user_agent: str) -> tuple[str | None, int]:
    """A browser's load: the page, then the beacon it embeds. Returns the page's cache status
    and the beacon's status (0: the page embeds no beacon)."""
    page = ask(base, path, {"User-Agent": user_agent})
    assert page.status == 200 and not page.cookies
    beacon = BEACON.search(page.text)
    if beacon is None:
        return page.cache_status, 0
    answer = ask(base, html.unescape(beacon.group(1)), {"User-Agent": user_agent})
    assert answer.cache_status in {None, "BYPASS", "MISS"}, "a cache answered the beacon"
    assert "no-store" in answer.headers.get("Cache-Control", "") and not answer.cookies
    return page.cache_status, answer.status


def test_views_and_visits_are_exact_when_the_cache_answers_the_pages(behind_nginx):
    server, nginx = behind_nginx(DANVAN_STATS_CACHE="0")
    if BEACON.search(ask(nginx.url, ARTICLE_PATH).text) is None:
        pytest.skip("the pages embed no counting beacon yet (/thong-ke/dem.gif, branch counting)")
    before = read_counts(database_url_of(server))
    jobs = [
        (path, visitor_agent(number))
        for number in range(VISITORS)
        for path in [ARTICLE_PATH] * ARTICLE_LOADS + ["/"] * HOME_LOADS
    ]
    # Crawlers do not count through the beacon, even those that fetch images.
    jobs += [(ARTICLE_PATH, agent) for agent in SEARCH_ENGINE_BOTS.values() for _ in range(3)]
    with ThreadPoolExecutor(max_workers=24) as pool:
        results = list(pool.map(lambda job: load_page(nginx.url, *job), jobs))
    assert {beacon for _, beacon in results} == {200}
    cache_statuses = [status for status, _ in results]
    assert cache_statuses.count("HIT") >= len(jobs) - 4, "the cache answered the pages"
    after = read_counts(database_url_of(server))
    loads = VISITORS * (ARTICLE_LOADS + HOME_LOADS)
    assert after["page_views"] - before.get("page_views", 0) == loads
    assert after["visits"] - before.get("visits", 0) == VISITORS
    # An article's views count its readers once a day each, as without a cache.
    assert after["view_count"] - before["view_count"] == VISITORS
