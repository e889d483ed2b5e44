"""The SQLite write turn (``danvan.core.database.write_turn``): votes and statistics take the same
one, every engine on a file in a process shares it, other processes wait for it too, and
PostgreSQL takes none.

Each test pauses one writer inside its turn BEFORE its first statement, so SQLite itself holds
no lock yet: a second writer that ignored the turn would finish at once instead of waiting.
"""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable

import pytest
from sqlalchemy import create_engine

from danvan import PROJECT_ROOT
from danvan.core.clock import utcnow
from danvan.core.database import write_turn
from danvan.extensions import db
from danvan.rating import votes
from danvan.rating.votes import rating_summary, record_vote
from danvan.stats import claims
from danvan.stats.counting import stats_store
from danvan.stats.store import StatsStore
from tests.conftest import TEST_DATABASE_URL

sqlite_only = pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="PostgreSQL takes no turn")

WAIT = 0.5  # seconds: far more than a writer that ignores the turn needs to finish


class Writer(threading.Thread):
    """``work`` in its own thread and app context; re-raises its error on ``finish``."""

    def __init__(self, app, work: Callable[[], object]) -> None:
        super().__init__(daemon=True)
        self.app, self.work, self.error = app, work, None
        self.start()

    def run(self) -> None:
        try:
            with self.app.app_context():
                self.work()
        except BaseException as error:  # re-raised in the test's thread by finish()
            self.error = error

    def finish(self) -> None:
        self.join(10)
        assert not self.is_alive(), "writer still waiting after the turn was released"
        if self.error:
            raise self.error


def pause_before(monkeypatch, owner, name: str) -> tuple[threading.Event, threading.Event]:
    """Make ``owner.name`` wait for ``release`` (after setting ``inside``) before it runs."""
    inside, release = threading.Event(), threading.Event()
    original = getattr(owner, name)

    def paused(*args, **kwargs):
        inside.set()
        release.wait(10)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, paused)
    return inside, release


def vote(app) -> Callable[[], object]:
    return lambda: record_vote(1, "visitor:turn-test", 5, "10.0.0.9", 100)


def prepare(app):
    """What runs once a day or once per visitor, each in a turn of its own, done now: the
    writers under test then take no turn but the one of the write they are making."""
    with app.app_context():
        record_vote(1, "visitor:earlier", 4, "10.0.0.8", 100)  # forgets past networks
        store = stats_store()
        return store.guest("10.0.0.1", "Mozilla/5.0", utcnow())  # creates the day's salt


@sqlite_only
def test_a_vote_waits_while_a_statistics_write_holds_the_turn(app, monkeypatch):
    guest = prepare(app)
    # Presence is a claim the group-commit writer runs inside its turn (stats/claims.py).
    inside, release = pause_before(monkeypatch, claims.PresenceClaim, "run")

    def page_view():
        stats_store().record_page_view(guest, utcnow())

    with app.app_context():
        before = rating_summary(1).count
    statistics = Writer(app, page_view)
    assert inside.wait(10)
    voter = Writer(app, vote(app))
    voter.join(WAIT)
    assert voter.is_alive(), "the vote did not wait for the statistics' turn"
    release.set()
    statistics.finish()
    voter.finish()
    with app.app_context():
        assert rating_summary(1).count == before + 1


@sqlite_only
def test_a_statistics_write_waits_while_a_vote_holds_the_turn(app, monkeypatch):
    guest = prepare(app)
    inside, release = pause_before(monkeypatch, votes, "_use_ip_window")

    def article_view():
        # Handed to the writer, which commits it (the tests' PAGEVIEW_FLUSH=0) before this
        # returns: so this waits for the writer, and the writer for the turn.
        assert stats_store().count_article_view(guest, 1, utcnow())

    voter = Writer(app, vote(app))
    assert inside.wait(10)
    statistics = Writer(app, article_view)
    statistics.join(WAIT)
    assert statistics.is_alive(), "the article view did not wait for the vote's turn"
    release.set()
    voter.finish()
    statistics.finish()


@sqlite_only
def test_the_page_view_writer_waits_for_the_turn(app):
    prepare(app)
    inside, release = threading.Event(), threading.Event()

    def hold():
        with write_turn():
            inside.set()
            release.wait(10)

    holder = Writer(app, hold)
    assert inside.wait(10)
    # The tests' PAGEVIEW_FLUSH=0: add() returns once the writer thread has committed.
    bot = StatsStore.bot("x")  # no presence, no visit: the page-view counter alone
    page_view = Writer(app, lambda: stats_store().record_page_view(bot, utcnow()))
    page_view.join(WAIT)
    assert page_view.is_alive(), "the page-view writer did not wait for the turn"
    release.set()
    holder.finish()
    page_view.finish()


@sqlite_only
def test_engines_on_one_file_share_the_turn_and_one_thread_may_nest_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'one.sqlite3'}"
    first, second = create_engine(url), create_engine(url)
    entered = threading.Event()

    def enter_second():
        with write_turn(second):
            entered.set()

    try:
        with write_turn(first), write_turn(first):  # nested: the same turn, no deadlock
            waiter = threading.Thread(target=enter_second, daemon=True)
            waiter.start()
            assert not entered.wait(WAIT), "a second engine on the file did not wait"
        assert entered.wait(10)
    finally:
        first.dispose()
        second.dispose()


HOLD_IN_CHILD = """
import sys
from sqlalchemy import create_engine
from danvan.core.database import write_turn
with write_turn(create_engine(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.readline()
"""


@sqlite_only
def test_another_process_on_the_same_file_waits_for_the_turn(tmp_path):
    database = tmp_path / "shared.sqlite3"
    url = f"sqlite:///{database}"
    engine = create_engine(url)
    entered = threading.Event()

    def enter():
        with write_turn(engine):
            entered.set()

    with subprocess.Popen(
        [sys.executable, "-c", HOLD_IN_CHILD, url],
        cwd=PROJECT_ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith("DANVAN_")},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as child:  # its exit closes the pipes and waits for the child
        try:
            assert child.stdout is not None and child.stdin is not None
            assert child.stdout.readline() == "held\n"
            threading.Thread(target=enter, daemon=True).start()
            assert not entered.wait(WAIT), "this process did not wait for the other's turn"
            child.stdin.close()  # the child leaves its turn and exits
            assert entered.wait(10)
        finally:
            child.kill()
            engine.dispose()
    # The lock file is the database's neighbour, and as private as the database.
    assert stat.S_IMODE(os.stat(f"{database}-turn").st_mode) == 0o600


def test_postgresql_takes_no_turn():
    engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")  # never connects
    try:
        assert isinstance(write_turn(engine), contextlib.nullcontext)
    finally:
        engine.dispose()


def test_the_app_takes_its_own_engines_turn(empty_app):
    with empty_app.app_context():
        expected = db.engine.dialect.name != "sqlite"
        assert isinstance(write_turn(), contextlib.nullcontext) is expected
