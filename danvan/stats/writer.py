"""Group commit for hot counters: many requests' increments, one transaction.

One transaction per page view costs more than the page itself on SQLite. So each request hands
its increment to one writer thread; the writer adds everything that arrived meanwhile with one
additive upsert per counter row (``add_to_counters``) in one transaction.

Two ways to hand it over. ``flush_interval=0``: the request waits until its increment is
committed (a hard kill loses nothing that was answered), and a batch holds whatever arrived
during the previous commit. ``flush_interval>0``: the request does not wait, and the writer
commits at most that often, so a hard kill can lose that many seconds of increments; SIGTERM and
Ctrl-C still commit everything queued. Waiting cost a third of the article page's throughput
(BENCHMARKS.md), which is why page views, a figure the site does not show, do not wait by default.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections import Counter
from collections.abc import Hashable

from flask import Flask

from ..core.database import add_to_counters, write_turn
from ..extensions import db

log = logging.getLogger("danvan.stats")

# (model, ((key column, value), ...), counter column)
CounterKey = tuple[type, tuple[tuple[str, Hashable], ...], str]

COMPLAIN_EVERY = 60.0  # seconds between log lines while the database refuses the counts


class GroupCommitWriter:
    """Adds counter increments in batches; ``add`` returns once its increment is committed."""

    def __init__(
        self,
        app: Flask,
        wait_timeout: float = 10.0,
        flush_interval: float = 0.0,
    ) -> None:
        self._app = app
        self.wait_timeout = wait_timeout
        self.flush_interval = flush_interval
        self._pending: Counter[CounterKey] = Counter()
        self._condition = threading.Condition()
        self._collecting = 0  # id of the batch that new increments join
        self._committed = 0  # every batch with a smaller id is committed
        self._thread: threading.Thread | None = None
        self._last_complaint = float("-inf")
        self._closing = False

    def add(self, key: CounterKey, amount: int = 1) -> bool:
        """Add ``amount`` to the counter; True once committed (or queued, when the writer does
        not make callers wait), False if the wait timed out (the increment then stays queued
        and is committed by a later batch)."""
        with self._condition:
            if self._thread is None:
                self._start()
            self._pending[key] += amount
            if self.flush_interval > 0:
                return True
            batch = self._collecting
            self._condition.notify_all()
            deadline = time.monotonic() + self.wait_timeout
            while self._committed <= batch:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    log.warning("page view not yet committed after %.0fs", self.wait_timeout)
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
                while not self._pending and not self._closing:
                    self._condition.wait(self.flush_interval or None)
                if not self._pending:
                    return
                if self.flush_interval > 0 and not self._closing:
                    # Nobody waits: let increments gather for one interval, then write them.
                    self._condition.wait(self.flush_interval)
                batch, self._pending = self._pending, Counter()
                batch_id = self._collecting
                self._collecting += 1
            written = self._write(batch)
            with self._condition:
                if written:
                    self._committed = batch_id + 1
                else:
                    # Kept for the next batch; its waiters are woken when that one commits.
                    self._pending.update(batch)
                self._condition.notify_all()
            if not written:
                time.sleep(0.5)

    def _write(self, batch: Counter[CounterKey]) -> bool:
        try:
            with self._app.app_context(), write_turn(), db.engine.begin() as connection:
                for (model, key, column), amount in sorted(batch.items(), key=_order):
                    add_to_counters(model, dict(key), {column: amount}, connection=connection)
            return True
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
            return False

    def close(self) -> None:
        """Commit what is queued and stop the writer (at exit: SIGTERM, Ctrl-C)."""
        with self._condition:
            self._closing = True
            self._condition.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=self.wait_timeout)


def _order(item) -> str:
    # The same row order in every transaction, so two PostgreSQL writers never deadlock.
    (model, key, column), _ = item
    return f"{model.__tablename__}:{key}:{column}"
