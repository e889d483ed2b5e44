"""A small in-process cache with a time to live, for figures that many requests share.

Each process keeps its own copy; the TTL bounds how stale another process's change can look.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class TTLCache(Generic[T]):
    """Maps keys to values computed on demand and kept for ``ttl`` seconds."""

    def __init__(self, ttl: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._clock = clock
        self._entries: dict[Hashable, tuple[float, T]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value for ``key``, computing and storing it when missing or expired."""
        now = self._clock()
        entry = self._entries.get(key)
        if entry is not None and entry[0] > now:
            return entry[1]
        value = compute()
        with self._lock:
            self._entries[key] = (now + self.ttl, value)
        return value

    def forget(self, key: Hashable) -> None:
        """Drop one key, if present."""
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        """Forget everything (after staff change what the values were computed from)."""
        with self._lock:
            self._entries.clear()
