"""The caches: bounded, expiring, per app, and forgotten by topic."""

from __future__ import annotations

import pytest

from danvan.core.caches import (
    ARTICLE,
    CACHES,
    CATEGORY,
    IDENTITY,
    PAGE,
    RATING,
    SIDEBAR,
    STATS,
    UPLOAD,
    AppCaches,
    TTLCache,
)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_values_expire_after_their_time_to_live():
    clock = Clock()
    cache: TTLCache[str] = TTLCache(ttl=30, max_entries=10, clock=clock)
    computed = []
    value = lambda: computed.append(1) or f"v{len(computed)}"  # noqa: E731
    assert cache.get("k", value) == "v1"
    clock.now += 29.9
    assert cache.get("k", value) == "v1"
    assert cache.peek("k") == "v1"
    clock.now += 0.2
    assert cache.peek("k") is None
    assert cache.get("k", value) == "v2"
    assert len(computed) == 2


def test_a_full_cache_drops_the_oldest_entry_first():
    cache: TTLCache[int] = TTLCache(ttl=60, max_entries=3, clock=Clock())
    for key in "abcd":
        cache.put(key, ord(key))
    assert len(cache) == 3
    assert cache.peek("a") is None
    assert [cache.peek(key) for key in "bcd"] == [98, 99, 100]
    cache.put("b", 0)  # storing again makes it the newest
    cache.put("e", 101)
    assert cache.peek("c") is None and cache.peek("b") == 0


def test_every_declared_cache_is_bounded_and_expires():
    caches = AppCaches({"STATS_CACHE": 60})
    names = {spec.name for spec in CACHES}
    assert names == {
        "site.article_pages",
        "site.print_pages",
        "site.home_pages",
        "site.list_pages",
        "site.sidebar",
        "content.categories",
        "identity.current",
        "pages.menu",
        "rating.unvoted_widgets",
        "media.variants",
        "search.results",
        "stats.figures",
        "stats.block",
        "discovery.feeds",
        "discovery.sitemaps",
        "http.first_sent",
        "http.gzipped",
    }
    for name in names:
        assert 0 < caches[name].max_entries <= 1000
        assert 0 < caches[name].ttl <= 30
    assert caches["stats.figures"].ttl == 15  # the block promises figures at most 15 s old


DISCOVERY = ("discovery.feeds", "discovery.sitemaps")


def filled() -> AppCaches:
    caches = AppCaches({"STATS_CACHE": 15})
    for name in (
        "site.article_pages",
        "site.print_pages",
        "rating.unvoted_widgets",
        "media.variants",
    ):
        caches[name].put(1, f"{name} of article 1")
        caches[name].put(2, f"{name} of article 2")
    for name in (
        "site.home_pages",
        "site.list_pages",
        "site.sidebar",
        "content.categories",
        "identity.current",
        "pages.menu",
        "search.results",
        "stats.figures",
        "stats.block",
        *DISCOVERY,
    ):
        caches[name].put("key", name)
    return caches


def kept(caches: AppCaches) -> dict[str, list[object]]:
    """What each cache a write can make stale still holds (``http.first_sent`` has no topic:
    a changed page has another ETag, so no write can make it wrong)."""
    return {
        spec.name: sorted(key for key in (1, 2, "key") if caches[spec.name].peek(key))
        for spec in CACHES
        if spec.stale_on
    }


def test_an_article_change_forgets_its_pages_and_every_list_of_articles():
    caches = filled()
    caches.forget(ARTICLE, 1)
    assert kept(caches) == {
        "site.article_pages": [2],
        "site.print_pages": [2],
        "rating.unvoted_widgets": [2],
        "site.home_pages": [],
        "site.list_pages": [],
        "site.sidebar": ["key"],
        "content.categories": ["key"],
        "identity.current": ["key"],
        "pages.menu": ["key"],
        "media.variants": [1, 2],
        "search.results": [],
        "stats.figures": ["key"],
        "stats.block": ["key"],
        **{name: [] for name in DISCOVERY},  # every feed and sitemap lists articles
    }


def test_a_category_change_forgets_the_tree_and_every_page_with_a_menu():
    caches = filled()
    caches.forget(CATEGORY, 1)
    assert kept(caches) == {
        "site.article_pages": [],
        "site.print_pages": [1, 2],  # a print view has no menu
        "rating.unvoted_widgets": [1, 2],
        "site.home_pages": [],
        "site.list_pages": [],
        "site.sidebar": ["key"],
        "content.categories": [],
        "identity.current": ["key"],
        "pages.menu": ["key"],
        "media.variants": [1, 2],
        "search.results": ["key"],
        "stats.figures": ["key"],
        "stats.block": ["key"],
        "discovery.feeds": [],  # a category's name, or whether it has a feed
        "discovery.sitemaps": ["key"],  # lists no category
    }


def test_a_vote_forgets_that_article_s_rating_block_only():
    caches = filled()
    caches.forget(RATING, 2)
    assert kept(caches)["rating.unvoted_widgets"] == [1]
    assert kept(caches)["site.article_pages"] == [1, 2]
    assert kept(caches)["site.print_pages"] == [1, 2]
    assert kept(caches)["site.home_pages"] == ["key"]


def test_a_sidebar_change_forgets_every_page_that_shows_it():
    caches = filled()
    caches.forget(SIDEBAR)
    assert kept(caches) == {
        "site.article_pages": [],
        "site.print_pages": [1, 2],  # a print view shows no sidebar
        "rating.unvoted_widgets": [1, 2],
        "site.home_pages": [],
        "site.list_pages": [],
        "site.sidebar": [],
        "content.categories": ["key"],
        "identity.current": ["key"],
        "pages.menu": ["key"],
        "media.variants": [1, 2],
        "search.results": ["key"],
        "stats.figures": ["key"],
        "stats.block": ["key"],
        **{name: ["key"] for name in DISCOVERY},
    }


def test_storing_an_image_forgets_only_that_image_s_variants():
    caches = filled()
    caches.forget(UPLOAD, 1)
    assert kept(caches) == {
        "site.article_pages": [1, 2],
        "site.print_pages": [1, 2],
        "rating.unvoted_widgets": [1, 2],
        "site.home_pages": ["key"],
        "site.list_pages": ["key"],
        "site.sidebar": ["key"],
        "content.categories": ["key"],
        "identity.current": ["key"],
        "pages.menu": ["key"],
        "media.variants": [2],
        "search.results": ["key"],
        "stats.figures": ["key"],
        "stats.block": ["key"],
        **{name: ["key"] for name in DISCOVERY},
    }


def test_a_statistics_change_forgets_the_figures_and_the_block():
    caches = filled()
    caches.forget(STATS)
    assert kept(caches)["stats.figures"] == [] and kept(caches)["stats.block"] == []
    assert kept(caches)["site.sidebar"] == ["key"]


def test_each_app_has_its_own_caches(app_factory):
    from danvan.core.caches import app_caches

    first, second = app_factory(), app_factory()
    app_caches(first)["site.sidebar"].put("sidebar", "first")
    assert app_caches(second)["site.sidebar"].peek("sidebar") is None


def test_a_key_is_computed_once_while_others_wait_for_it():
    import threading
    import time

    cache: TTLCache[int] = TTLCache(ttl=30, max_entries=10)
    calls = []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.2)
        return 42

    results = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get("sitemap", slow)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [42] * 8
    assert len(calls) == 1
    assert cache._computing == {}  # nothing is left behind for keys no longer computed
    # Another key is not held up by this one, and a failed computation lets the next try.
    with pytest.raises(ZeroDivisionError):
        cache.get("broken", lambda: 1 / 0)
    assert cache.get("broken", lambda: 7) == 7


def test_an_identity_change_forgets_every_page_that_names_the_committee():
    caches = filled()
    caches.forget(IDENTITY)
    assert kept(caches) == {
        "site.article_pages": [],
        "site.print_pages": [],  # the print view's heading names the committee
        "rating.unvoted_widgets": [1, 2],
        "site.home_pages": [],
        "site.list_pages": [],
        "site.sidebar": ["key"],
        "content.categories": ["key"],
        "identity.current": [],
        "pages.menu": ["key"],
        "media.variants": [1, 2],
        "search.results": ["key"],
        "stats.figures": ["key"],
        "stats.block": ["key"],
        "discovery.feeds": [],  # a feed's title is the committee's name
        "discovery.sitemaps": ["key"],
    }


def test_a_page_change_forgets_the_page_menu_and_every_page_that_draws_it():
    caches = filled()
    caches.forget(PAGE, 1)
    assert kept(caches) == {
        "site.article_pages": [],
        "site.print_pages": [1, 2],  # a print view has no menu
        "rating.unvoted_widgets": [1, 2],
        "site.home_pages": [],
        "site.list_pages": [],
        "site.sidebar": ["key"],
        "content.categories": ["key"],
        "identity.current": ["key"],
        "pages.menu": [],
        "media.variants": [1, 2],
        "search.results": ["key"],
        "stats.figures": ["key"],
        "stats.block": ["key"],
        "discovery.feeds": ["key"],  # feeds list articles only
        "discovery.sitemaps": [],  # the sitemap lists the pages
    }
