"""Votes per second against a real ``python app.py`` (run by hand; figures go in notes).

    python bench/rating_votes.py [--voters 2000] [--workers 32] [--threads 8] [--wrk SECONDS]

Starts a server on a fresh SQLite database (or ``--url`` of one already running with
``DANVAN_RATELIMIT_ENABLED=false`` and a large ``DANVAN_RATING_PER_IP``), loads the article once
per voter to get its cookies and CSRF token, then sends one HTMX vote per voter from
``--workers`` threads, and finally the same voters change their vote. It checks the JSON twin
counts every vote exactly. With ``--wrk``, wrk (bench/rating_votes.lua) then hammers the same
voters for that many seconds (changed votes; a Python client is too slow to saturate the server)
and ``flask rating reconcile`` logic checks that the totals still match the votes.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.rating.test_rating_concurrency import Voter, rating_of  # noqa: E402
from tests.support.live_server import LiveServer  # noqa: E402


def timed_votes(voters: list[Voter], stars: list[int], workers: int) -> float:
    """Send one vote per voter in parallel; returns votes per second."""
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        statuses = list(
            pool.map(lambda pair: pair[0].vote(pair[1]), zip(voters, stars, strict=True))
        )
    elapsed = time.perf_counter() - started
    assert statuses == [200] * len(voters), "some votes failed"
    return len(voters) / elapsed


def run_wrk(server: LiveServer, voters: list[Voter], args) -> None:
    """wrk against the running server, then check the totals against the vote log."""
    voters_file = server.instance / "voters.txt"
    voters_file.write_text("".join(f"{v.cookie}\t{v.token}\n" for v in voters))
    script = Path(__file__).with_name("rating_votes.lua")
    result = subprocess.run(
        [
            "wrk",
            f"-t{min(2, args.connections)}",
            f"-c{args.connections}",
            f"-d{args.wrk}s",
            "-s",
            str(script),
            server.url,
        ],
        env={**os.environ, "VOTERS_FILE": str(voters_file)},
        capture_output=True,
        text=True,
        check=True,
    )
    print(f"wrk -c{args.connections} -d{args.wrk}s (changed votes):")
    print(
        "\n".join(
            "  " + line
            for line in result.stdout.splitlines()
            if "Requests/sec" in line
            or "Latency" in line
            or "requests in" in line
            or "Non-2xx" in line
        )
    )
    rating = rating_of(server)
    from danvan import create_app
    from danvan.extensions import db
    from danvan.rating.maintenance import reconcile

    app = create_app({"INSTANCE_PATH": str(server.instance)})
    with app.app_context():
        drift = reconcile()
        db.engine.dispose()
    print(f"  after wrk: count {rating['count']}, drift found by reconcile: {len(drift)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=32)
    parser.add_argument("--threads", type=int, default=8, help="waitress threads")
    parser.add_argument(
        "--wrk", type=int, default=0, metavar="SECONDS", help="also run wrk for this long"
    )
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    args = parser.parse_args()

    server = LiveServer(
        Path(tempfile.mkdtemp(prefix="danvan-bench-")),
        env={
            "DANVAN_RATELIMIT_ENABLED": "false",
            "DANVAN_RATING_PER_IP": "100000000",
            "DANVAN_THREADS": str(args.threads),
            "DANVAN_LOG_LEVEL": "WARNING",
        },
    ).start()
    try:
        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            voters = list(pool.map(lambda _: Voter(server.url), range(args.voters)))
        earlier = rating_of(server)  # the sample article's vote carried over from NukeViet
        first = [number % 5 + 1 for number in range(args.voters)]
        new_rate = timed_votes(voters, first, args.workers)
        second = [6 - stars for stars in first]
        change_rate = timed_votes(voters, second, args.workers)
        rating = rating_of(server)
        assert rating["count"] == earlier["count"] + args.voters, rating
        assert rating["sum"] == earlier["sum"] + sum(second), rating
        print(
            f"SQLite, {args.voters} voters, {args.workers} client threads, "
            f"{args.threads} waitress threads:"
        )
        print(f"  first votes:   {new_rate:7.0f} votes/s")
        print(f"  changed votes: {change_rate:7.0f} votes/s")
        print(f"  totals exact:  count {rating['count']}, sum {rating['sum']}")
        if args.wrk:
            run_wrk(server, voters, args)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
