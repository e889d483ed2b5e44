"""The page-view writer: buffered by default, every increment written by a clean stop."""

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
