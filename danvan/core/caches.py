"""Every in-process cache of the site, declared in one table, kept per app, bounded.

Each process keeps its own copies; a cache's time to live bounds how stale another process's
change looks here; a process forgets its own writes' stale values at once. A cache lives in
``app.extensions``, never a module global: two apps in one process share nothing.

What makes a cache stale is said once, in ``CACHES``, as *topics*: a write calls
``forget(topic, key)`` and every cache that declared the topic drops what it must — the one
entry when the cache is keyed by that topic's key (an article page by article id), everything
otherwise (home pages list every article). Writers never need to know which caches exist.

``functools.lru_cache`` on arguments alone (a file's hash, a serializer) is not site data.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import Flask, current_app

T = TypeVar("T")

# Topics: what a write changed.
ARTICLE = "article"  # an article's content or state (key: article id)
SIDEBAR = "sidebar"  # banners or links
CATEGORY = "category"  # the category tree: names, order, nesting, hidden or not
RATING = "rating"  # an article's rating totals (key: article id)
STATS = "stats"  # the visitor statistics' stored figures
UPLOAD = "upload"  # an uploaded image's files on disk (key: its name)
IDENTITY = "identity"  # the committee's name, contacts and logo (header and footer of every page)
PAGE = "page"  # the committee's own pages: titles, order, menu places (every page's menu)
DOCUMENT = "document"  # a document (Văn bản), its files, or the types and fields


class TTLCache(Generic[T]):
    """Maps keys to values computed on demand, kept ``ttl`` seconds, at most ``max_entries``.

    When full, the entry stored longest ago goes first. A key is computed by one thread at a
    time: others asking for it meanwhile wait and take that value, so an expired page that
    costs 0.4 s to build (a sitemap file at 50,000 articles) is built once, not by every
    request that arrives while it is being built.
    """

    def __init__(
        self, ttl: float, max_entries: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._entries: dict[Hashable, tuple[float, T]] = {}
        self._lock = threading.Lock()
        # Keys being computed now, each with the lock its computation holds (re-entrant: a
        # computation that asks for its own key computes it rather than waiting on itself).
        self._computing: dict[Hashable, threading.RLock] = {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value for ``key``, computing and storing it when missing or expired."""
        fresh = self.peek(key)
        if fresh is not None:
            return fresh
        with self._lock:
            computing = self._computing.setdefault(key, threading.RLock())
        try:
            with computing:
                now = self._clock()
                entry = self._entries.get(key)
                if entry is not None and entry[0] > now:
                    return entry[1]  # computed by the thread this one waited for
                value = compute()
                self.put(key, value, now)
                return value
        finally:
            with self._lock:
                if self._computing.get(key) is computing and computing.acquire(blocking=False):
                    del self._computing[key]
                    computing.release()

    def peek(self, key: Hashable) -> T | None:
        """The cached value for ``key`` while it is fresh, else None (nothing is computed)."""
        entry = self._entries.get(key)
        return entry[1] if entry is not None and entry[0] > self._clock() else None

    def put(self, key: Hashable, value: T, now: float | None = None) -> None:
        """Store ``value`` for ``key`` from now (or ``now``) for one ``ttl``."""
        expires = (self._clock() if now is None else now) + self.ttl
        with self._lock:
            self._entries.pop(key, None)
            while len(self._entries) >= self.max_entries:
                del self._entries[next(iter(self._entries))]
            self._entries[key] = (expires, value)

    def forget(self, key: Hashable) -> None:
        """Drop one key, if present."""
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


@dataclass(frozen=True)
class CacheSpec:
    """One cache: its name, lifetime, size bound, and the writes that make it stale."""

    name: str
    ttl: Callable[[Mapping[str, Any]], float]
    max_entries: int
    stale_on: frozenset[str]
    keyed_by: frozenset[str] = frozenset()  # topics whose key is this cache's key
    why: str = ""


def _seconds(value: float) -> Callable[[Mapping[str, Any]], float]:
    return lambda config: value


def _stats_ttl(config: Mapping[str, Any]) -> float:
    # The statistics block promises figures at most 15 s old, whatever the setting says.
    return min(config["STATS_CACHE"], 15)


CACHES: tuple[CacheSpec, ...] = (
    CacheSpec(
        "site.article_pages",
        _seconds(30),
        500,
        frozenset({ARTICLE, SIDEBAR, CATEGORY, IDENTITY, PAGE}),
        keyed_by=frozenset({ARTICLE}),
        why="article page shells (~30 KB each); views, rating, statistics as holes",
    ),
    CacheSpec(
        "site.print_pages",
        _seconds(30),
        200,
        frozenset({ARTICLE, IDENTITY}),
        keyed_by=frozenset({ARTICLE}),
        why="print views (?print=1, ~10 KB each) by article id, the printing time as a hole",
    ),
    CacheSpec(
        "site.home_pages",
        _seconds(30),
        50,
        frozenset({ARTICLE, SIDEBAR, CATEGORY, IDENTITY, PAGE}),
        why="home page shells by page number; any article change reorders them",
    ),
    CacheSpec(
        "site.list_pages",
        _seconds(30),
        300,
        frozenset({ARTICLE, SIDEBAR, CATEGORY, IDENTITY, PAGE}),
        why="category and tag page shells by (kind, id, page number)",
    ),
    CacheSpec(
        "content.categories",
        _seconds(30),
        1,
        frozenset({CATEGORY}),
        why="the category tree (tens of rows), which every page's menu draws",
    ),
    CacheSpec(
        "pages.menu",
        _seconds(30),
        1,
        frozenset({PAGE}),
        why="the pages in the main menu (a few rows), which every page's menu draws",
    ),
    CacheSpec(
        "identity.current",
        _seconds(30),
        2,
        frozenset({IDENTITY}),
        why="the committee's identity and logo, which every page's header and footer draw",
    ),
    CacheSpec(
        "site.sidebar",
        _seconds(30),
        1,
        frozenset({SIDEBAR}),
        why="banners and links, read by every page that is not a shell",
    ),
    CacheSpec(
        "rating.unvoted_widgets",
        _seconds(2),
        1000,
        frozenset({ARTICLE, RATING}),
        keyed_by=frozenset({ARTICLE, RATING}),
        why="the rating block every resident gets: no token, no vote (its page is shared)",
    ),
    CacheSpec(
        "discovery.feeds",
        _seconds(30),
        64,
        frozenset({ARTICLE, CATEGORY, IDENTITY}),
        why="RSS documents (~20 KB): the site's and each category's, newest articles first",
    ),
    CacheSpec(
        "discovery.sitemaps",
        _seconds(30),
        8,
        frozenset({ARTICLE, PAGE, DOCUMENT}),
        why="sitemap pages gzip-compressed (50,000 URLs: ~8 MB of XML, ~0.45 MB kept), the "
        "index, the news sitemap and the URL count",
    ),
    CacheSpec(
        "media.variants",
        _seconds(30),
        1000,
        frozenset({UPLOAD}),
        keyed_by=frozenset({UPLOAD}),
        why="which smaller copies of an image are on disk (no stat call per card)",
    ),
    CacheSpec(
        "search.results",
        _seconds(30),
        1000,
        frozenset({ARTICLE}),
        why="a search's total and one page of article ids, by query words and page; "
        "any article change may change any result",
    ),
    CacheSpec(  # No topic: a changed page has another ETag.
        "http.first_sent", _seconds(30), 1000, frozenset(), why="public pages' Last-Modified"
    ),
    CacheSpec(  # No topic either; ~8 KB an article page.
        "http.gzipped", _seconds(30), 200, frozenset(), why="public pages compressed, by hash"
    ),
    CacheSpec(
        "stats.figures",
        _stats_ttl,
        1,
        frozenset({STATS}),
        why="the statistics block's figures, so no page scans the tables",
    ),
    CacheSpec(
        "stats.block",
        _stats_ttl,
        3,
        frozenset({STATS}),
        why="the block rendered from the cached figures, for a guest, a member, counting off",
    ),
)


class AppCaches:
    """The caches of one app, built from ``CACHES`` with that app's settings."""

    def __init__(self, config: Mapping[str, Any], specs: tuple[CacheSpec, ...] = CACHES) -> None:
        self.specs = {spec.name: spec for spec in specs}
        self._caches: dict[str, TTLCache[Any]] = {
            spec.name: TTLCache(spec.ttl(config), spec.max_entries) for spec in specs
        }

    def __getitem__(self, name: str) -> TTLCache[Any]:
        return self._caches[name]

    def forget(self, topic: str, key: Hashable | None = None) -> None:
        """Drop what a write of ``topic`` (about ``key``, when given) made stale."""
        for name, spec in self.specs.items():
            if topic not in spec.stale_on:
                continue
            if key is not None and topic in spec.keyed_by:
                self._caches[name].forget(key)
            else:
                self._caches[name].clear()

    def clear(self) -> None:
        """Forget everything (tests that break the database, a restore)."""
        for cache in self._caches.values():
            cache.clear()


EXTENSION_KEY = "danvan.caches"


def app_caches(app: Flask | None = None) -> AppCaches:
    """The caches of ``app`` (the current app by default)."""
    return (app or current_app).extensions[EXTENSION_KEY]


def cache(name: str) -> TTLCache[Any]:
    """One cache of the current app, by its name in ``CACHES``."""
    return app_caches()[name]


def forget(topic: str, key: Hashable | None = None) -> None:
    """Tell the current app's caches that a write of ``topic`` (about ``key``) happened."""
    app_caches().forget(topic, key)


def init_app(app: Flask) -> None:
    """Give the app its caches."""
    app.extensions[EXTENSION_KEY] = AppCaches(app.config)
