"""Hard kills (SIGKILL: power cut, OOM killer, ``kill -9``) of a real server in the middle of a
vote load, then a restart on the same instance and database: the database is intact and every
vote that was answered 2xx is there. And a supervisor killed alone leaves no worker behind."""

from __future__ import annotations

import http.client
import os
import signal
import sqlite3
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import TEST_DATABASE_URL
from tests.ops.test_multiprocess import LOAD_ENV
from tests.ops.test_server import child_pids
from tests.support.live_clients import (
    Browser,
    get_json,
    person_agent,
    run_flask,
    shared_database_url,
    stored_votes,
    voter_key_of,
)
from tests.support.live_server import LiveServer

VOTERS = 240
KILL_AFTER = 60  # answered votes before the kill: the rest are queued or in flight
VOTE_THREADS = 32


def kill_hard(server: LiveServer) -> None:
    """SIGKILL the server's every process at once (supervisor and workers), as a power cut."""
    for pid in [server.process.pid, *child_pids(server.process.pid)]:
        os.kill(pid, signal.SIGKILL)
    server.process.wait(10)


def vote_until_killed(server: LiveServer, voters: list[Browser]) -> dict[int, int | None]:
    """Every voter votes once, in parallel; the server is killed after KILL_AFTER answers.
    Returns voter number -> HTTP status, or None when the connection failed."""
    answered = 0
    lock, enough = threading.Lock(), threading.Event()

    def vote(number: int) -> int | None:
        nonlocal answered
        try:
            status = voters[number].vote(server.url, number % 5 + 1, timeout=30)
        except (OSError, http.client.HTTPException):
            return None
        with lock:
            answered += 1
            if answered >= KILL_AFTER:
                enough.set()
        return status

    with ThreadPoolExecutor(max_workers=VOTE_THREADS) as pool:
        futures = {number: pool.submit(vote, number) for number in range(VOTERS)}
        assert enough.wait(60), "the votes were not answered"
        kill_hard(server)
        return {number: future.result() for number, future in futures.items()}


@pytest.mark.parametrize(
    "workers",
    [
        pytest.param("1", id="one-process"),
        pytest.param(None, id="default-workers"),
    ],
)
def test_every_vote_answered_2xx_survives_a_hard_kill(live_server, tmp_path, workers):
    instance = tmp_path / "killed"
    env = dict(LOAD_ENV, DANVAN_DATABASE_URL=shared_database_url(instance))
    if workers is not None:
        env["DANVAN_WORKERS"] = workers
    server = live_server(instance, **env)
    with ThreadPoolExecutor(max_workers=16) as pool:
        voters = list(pool.map(lambda n: Browser(person_agent(n)), range(VOTERS)))
        assert set(pool.map(lambda voter: voter.read_article(server.url), voters)) == {200}

    results = vote_until_killed(server, voters)
    answered = {number for number, status in results.items() if status is not None}
    assert {results[number] for number in answered} == {200}
    # The kill really came in the middle: some votes were answered, others never were.
    assert KILL_AFTER <= len(answered) < VOTERS

    restarted = live_server(instance, **env)
    if not TEST_DATABASE_URL:
        with sqlite3.connect(instance / "danvan.sqlite3") as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []

    stored = stored_votes(restarted)
    # The voter cookie comes with the first vote's answer: a voter never answered has none.
    keys = {
        number: voter_key_of(restarted, cookie)
        for number in range(VOTERS)
        if (cookie := voters[number].voter_cookie()) is not None
    }
    assert set(answered) <= set(keys)
    for number in answered:
        assert stored.get(keys[number]) == number % 5 + 1, f"voter {number}'s vote was lost"
    # Nothing else: a vote cut off before its answer is either stored whole (under a voter whose
    # cookie never arrived) or not at all.
    unknown = {key: stars for key, stars in stored.items() if key not in keys.values()}
    assert len(unknown) <= VOTERS - len(answered)
    assert set(unknown.values()) <= {1, 2, 3, 4, 5}
    rating = get_json(restarted.url + "/api/articles/1/rating")
    # Plus the sample article's one earlier 4-star vote (as if imported from NukeViet).
    assert rating["count"] == len(stored) + 1 and rating["sum"] == sum(stored.values()) + 4
    reconcile = run_flask(restarted, "rating", "reconcile")
    assert reconcile.returncode == 0, reconcile.stderr
    assert reconcile.stdout.startswith("Khớp"), reconcile.stdout

    # The restarted site goes on counting: a voter never answered votes again and counts once.
    late = next((n for n in range(VOTERS) if keys.get(n) not in stored), None)
    if late is not None:
        assert voters[late].vote(restarted.url, 5) == 200
        assert get_json(restarted.url + "/api/articles/1/rating")["count"] == len(stored) + 2
    assert "Traceback" not in restarted.read_log()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=2):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not hasattr(os, "fork") or not Path("/proc").is_dir(), reason="Linux only")
def test_workers_of_a_killed_supervisor_stop_and_free_the_port(live_server, tmp_path):
    instance = tmp_path / "orphans"
    server = live_server(instance, DANVAN_WORKERS="2")
    workers = child_pids(server.process.pid)
    assert len(workers) == 2
    server.stop(signal.SIGKILL)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.1)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers), "orphan workers still run"
    assert not _answers(server.url)
    assert "supervisor" in server.read_log() and "is gone" in server.read_log()
    # The port is free again: the site restarts on it (as systemd's Restart= would).
    again = LiveServer(instance, env={"DANVAN_WORKERS": "2"}, port=server.port).start()
    try:
        assert _answers(again.url)
    finally:
        assert again.stop() == 0
