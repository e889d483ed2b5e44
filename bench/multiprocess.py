"""Mixed load on one vs several processes, and hard kills during votes (run by hand; figures go
in the notes).

    python bench/multiprocess.py [--rounds 5] [--servers 2]

Part 1 runs tests/test_multiprocess.py's mixed load (votes, vote changes, article and page views
from distinct guests, a crawler, a staff member) against one server and then against
``--servers`` servers on one database, and prints the wall time of each (the totals are checked
by the test; here they are only timed). Part 2 repeats tests/test_hard_kill.py's scenario
``--rounds`` times and prints, per round, how many votes were answered 2xx before the SIGKILL,
how many are stored after the restart and how many answered votes are missing (must be 0).
SQLite by default; PostgreSQL with ``DANVAN_TEST_DATABASE_URL`` (emptied before each run).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import reset_test_database  # noqa: E402
from tests.ops.test_hard_kill import VOTERS, vote_until_killed  # noqa: E402
from tests.ops.test_multiprocess import LOAD_ENV, STAFF, run_load  # noqa: E402
from tests.support.live_clients import (  # noqa: E402
    Browser,
    create_staff,
    person_agent,
    shared_database_url,
    stored_votes,
    voter_key_of,
)
from tests.support.live_server import LiveServer  # noqa: E402


def timed_load(root: Path, servers: int) -> float:
    """Seconds the mixed load takes on ``servers`` single-process servers on one database."""
    reset_test_database()
    instance = root / f"load-{servers}"
    env = dict(LOAD_ENV, DANVAN_DATABASE_URL=shared_database_url(instance), DANVAN_WORKERS="1")
    started = [LiveServer(instance, env=env).start() for _ in range(servers)]
    try:
        create_staff(started[0], STAFF)
        begin = time.perf_counter()
        run_load([server.url for server in started])
        return time.perf_counter() - begin
    finally:
        for server in started:
            server.stop()


def kill_round(root: Path, number: int) -> tuple[int, int, int]:
    """(answered 2xx, stored after restart, answered but missing) for one hard kill."""
    reset_test_database()
    instance = root / f"kill-{number}"
    env = dict(LOAD_ENV, DANVAN_DATABASE_URL=shared_database_url(instance), DANVAN_WORKERS="1")
    server = LiveServer(instance, env=env).start()
    with ThreadPoolExecutor(max_workers=16) as pool:
        voters = list(pool.map(lambda n: Browser(person_agent(n)), range(VOTERS)))
        list(pool.map(lambda voter: voter.read_article(server.url), voters))
    results = vote_until_killed(server, voters)
    restarted = LiveServer(instance, env=env).start()
    try:
        stored = stored_votes(restarted)
        answered = [n for n, status in results.items() if status == 200]
        missing = [
            n
            for n in answered
            if stored.get(voter_key_of(restarted, voters[n].voter_cookie())) is None
        ]
        return len(answered), len(stored), len(missing)
    finally:
        restarted.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--servers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="danvan-bench-") as folder:
        root = Path(folder)
        one = timed_load(root, 1)
        several = timed_load(root, args.servers)
        print(f"mixed load: 1 server {one:.2f}s, {args.servers} servers {several:.2f}s")
        for number in range(args.rounds):
            answered, stored, missing = kill_round(root, number)
            print(
                f"kill {number + 1}: answered 2xx {answered}/{VOTERS}, stored {stored}, "
                f"answered but missing {missing}"
            )
    reset_test_database()


if __name__ == "__main__":
    main()
