"""The group-commit writer: buffered by default, every increment and claim written by a clean
stop, a refused batch written again whole."""

import threading
import time
from datetime import date

from sqlalchemy import select

from danvan.extensions import db
from danvan.stats.models import DailyCount
from danvan.stats.writer import GroupCommitWriter

KEY = (DailyCount, (("day", date(2026, 1, 1)), ("metric", "page_views")), "value")


def stored(app) -> int | None:
    with app.app_context():
        value = db.session.scalar(select(DailyCount.value))
        db.session.remove()
        return value


def test_buffered_adds_do_not_wait_and_are_written_within_the_interval(empty_app):
    writer = GroupCommitWriter(empty_app, flush_interval=1)
    started = time.monotonic()
    for _ in range(100):
        assert writer.add(KEY) is True
    assert time.monotonic() - started < 0.5  # nobody waited for a commit
    deadline = time.monotonic() + 5
    while stored(empty_app) != 100 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert stored(empty_app) == 100
    writer.close()


def test_close_writes_what_is_still_queued(empty_app):
    writer = GroupCommitWriter(empty_app, flush_interval=60)
    threads = [
        threading.Thread(target=lambda: [writer.add(KEY) for _ in range(50)]) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert stored(empty_app) is None  # still in memory: the interval is a minute
    writer.close()
    assert stored(empty_app) == 200


def test_waiting_mode_commits_before_add_returns(empty_app):
    writer = GroupCommitWriter(empty_app, flush_interval=0)
    assert writer.add(KEY, 3) is True
    assert stored(empty_app) == 3
    writer.close()


class CountingClaim:
    """A claim that counts KEY once per successful run, failing its first ``failures`` runs."""

    def __init__(self, name: str, failures: int = 0) -> None:
        self.order = name
        self.failures = failures
        self.runs = 0

    def run(self, connection):
        self.runs += 1
        if self.runs <= self.failures:
            raise RuntimeError("the database went away")
        return ((KEY, 1),)


def test_claims_run_in_the_batch_and_add_their_counts_with_the_counters(empty_app):
    writer = GroupCommitWriter(empty_app, flush_interval=60)
    for name in ("a", "b", "a"):  # a second claim of one order in one batch is the same claim
        writer.claim(CountingClaim(name))
    writer.add(KEY, 10)
    assert stored(empty_app) is None
    writer.close()
    assert stored(empty_app) == 12


def test_a_refused_batch_is_written_again_whole_and_once(empty_app):
    writer = GroupCommitWriter(empty_app, flush_interval=60)
    claim = CountingClaim("a", failures=1)
    writer.add(KEY, 5)
    writer.claim(claim)
    writer.close()
    # The first batch failed inside its transaction (the 5 rolled back with it); the retry
    # half a second later wrote the counter and the claim's count, each once.
    assert claim.runs == 2
    assert stored(empty_app) == 6
