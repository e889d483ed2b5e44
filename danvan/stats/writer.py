"""Group commit for hot counters: many requests' increments, one transaction.

One transaction per page view costs more than the page itself on SQLite. So each request hands
its increment to one writer thread; the writer adds everything that arrived meanwhile with one
additive upsert per counter row (``add_to_counters``) in one transaction.

Writes whose effect the database must decide (does this view open a visit? was this reader
counted for this article in the last 30 minutes?) are handed over the same way, as *claims*
(``claims.py``): conditional upserts on claim rows, run in the batch's transaction before the
counters, whose results (a visit, an article view) are added with them. The decision stays in
the database, so it is exact across processes, and costs no commit of its own.

Two ways to hand it over. ``flush_interval=0``: the request waits until its increment is
committed (a hard kill loses nothing that was answered), and a batch holds whatever arrived
during the previous commit. ``flush_interval>0``: the request does not wait, and the writer
commits at most that often, so a hard kill can lose that many seconds of increments; SIGTERM and
Ctrl-C still commit everything queued. Waiting cost a third of the article page's throughput
(BENCHMARKS.md), which is why counts, which the site shows seconds late anyway, do not wait by
default.

Rows are locked in one order in every batch of every process (claims by ``order``, then
counters by table and key), so two PostgreSQL writers never deadlock each other; a batch the
database refuses for any reason is kept whole and written again.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections import Counter
from collections.abc import Hashable, Iterable
from typing import Any, Protocol

from flask import Flask

from ..core.database import add_to_counters, write_turn
from ..extensions import db

log = logging.getLogger("danvan.stats")

# (model, ((key column, value), ...), counter column)
CounterKey = tuple[type, tuple[tuple[str, Hashable], ...], str]

COMPLAIN_EVERY = 60.0  # seconds between log lines while the database refuses the counts


class RowCounter(Protocol):
    """A counter in a row the writer must not create (an article's views). Hashable."""

    @property
    def order(self) -> str:
        """Where its row comes in the lock order."""
        ...

    def add(self, connection, amount: int) -> object:
        """Add ``amount`` in ``connection``'s transaction; what ``committed`` is given."""
        ...

    def committed(self, result: object) -> None:
        """Called with ``add``'s result once the batch is committed."""
        ...


Target = CounterKey | RowCounter


class Claim(Protocol):
    """A write the database decides (a conditional upsert), run before a batch's counters."""

    @property
    def order(self) -> str:
        """Its identity in a batch, and where its row comes in the lock order."""
        ...

    def run(self, connection) -> Iterable[tuple[Target, int]]:
        """Make the claim in ``connection``'s transaction; what to count because it held."""
        ...


class GroupCommitWriter:
    """Adds counter increments and claims in batches; ``add`` and ``claim`` return once theirs
    is committed (at once, when the writer does not make callers wait)."""

    def __init__(
        self,
        app: Flask,
        wait_timeout: float = 10.0,
        flush_interval: float = 0.0,
    ) -> None:
        self._app = app
        self.wait_timeout = wait_timeout
        self.flush_interval = flush_interval
        self._pending: Counter[Target] = Counter()
        # order -> claim; a second claim of one order in one batch would be decided the same
        # way (its row was just claimed), so the first is kept and the queue stays bounded.
        self._claims: dict[str, Claim] = {}
        self._condition = threading.Condition()
        self._collecting = 0  # id of the batch that new increments join
        self._committed = 0  # every batch with a smaller id is committed
        self._thread: threading.Thread | None = None
        self._last_complaint = float("-inf")
        self._closing = False

    def add(self, key: Target, amount: int = 1) -> bool:
        """Add ``amount`` to the counter; True once committed (or queued, when the writer does
        not make callers wait), False if the wait timed out (the increment then stays queued
        and is committed by a later batch)."""
        with self._condition:
            self._pending[key] += amount
            return self._wait()

    def claim(self, claim: Claim) -> bool:
        """Queue ``claim`` for the next batch; returns as ``add`` does."""
        with self._condition:
            self._claims.setdefault(claim.order, claim)
            return self._wait()

    def _wait(self) -> bool:
        # Called holding the condition, with something just queued.
        if self._thread is None:
            self._start()
        if self.flush_interval > 0:
            return True
        batch = self._collecting
        self._condition.notify_all()
        deadline = time.monotonic() + self.wait_timeout
        while self._committed <= batch:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                log.warning("counts not yet committed after %.0fs", self.wait_timeout)
                return False
            self._condition.wait(remaining)
        return True

    def _start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="danvan-stats-writer", daemon=True)
        self._thread.start()
        atexit.register(self.close)

    def _run(self) -> None:
        while True:
            with self._condition:
                while not (self._pending or self._claims) and not self._closing:
                    self._condition.wait(self.flush_interval or None)
                if not (self._pending or self._claims):
                    return
                if self.flush_interval > 0 and not self._closing:
                    # Nobody waits: let increments gather for one interval, then write them.
                    self._condition.wait(self.flush_interval)
                batch, self._pending = self._pending, Counter()
                claims, self._claims = self._claims, {}
                batch_id = self._collecting
                self._collecting += 1
            results = self._write(batch, claims)
            with self._condition:
                if results is not None:
                    self._committed = batch_id + 1
                else:
                    # Kept for the next batch; its waiters are woken when that one commits.
                    self._pending.update(batch)
                    self._claims = {**self._claims, **claims}  # the older claim of an order stays
                self._condition.notify_all()
            if results is None:
                time.sleep(0.5)
            elif results:
                self._report(results)

    def _write(
        self, batch: Counter[Target], claims: dict[str, Claim]
    ) -> list[tuple[RowCounter, object]] | None:
        """One transaction: the claims, then every counter; None when it was not committed."""
        try:
            results: list[tuple[RowCounter, object]] = []
            with self._app.app_context(), write_turn(), db.engine.begin() as connection:
                counts = Counter(batch)
                for _, claim in sorted(claims.items()):
                    for target, amount in claim.run(connection):
                        counts[target] += amount
                for target, amount in sorted(counts.items(), key=_order):
                    if isinstance(target, tuple):
                        model, key, column = target
                        add_to_counters(model, dict(key), {column: amount}, connection=connection)
                    else:
                        results.append((target, target.add(connection, amount)))
            return results
        except Exception as error:  # the database may be down: keep the counts and retry
            now = time.monotonic()
            if now - self._last_complaint >= COMPLAIN_EVERY:
                # Once per outage minute, in one line: a retry every half second would bury
                # the log in identical tracebacks.
                log.error(
                    "counters not written, keeping them and retrying: %s",
                    str(error).splitlines()[0],
                )
                self._last_complaint = now
            return None

    def _report(self, results: list[tuple[RowCounter, object]]) -> None:
        try:
            with self._app.app_context():
                for target, result in results:
                    target.committed(result)
        except Exception:  # what follows a commit must not stop the writer
            log.exception("committed counts not reported")

    def close(self) -> None:
        """Commit what is queued and stop the writer (at exit: SIGTERM, Ctrl-C)."""
        with self._condition:
            self._closing = True
            self._condition.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=self.wait_timeout)


def _order(item: tuple[Target, int]) -> str:
    # The same row order in every transaction, so two PostgreSQL writers never deadlock.
    target, _ = item
    if isinstance(target, tuple):
        model: Any = target[0]
        return f"{model.__tablename__}:{target[1]}:{target[2]}"
    return target.order
