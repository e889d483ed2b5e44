"""``python -m bench.beacon``: what counting costs now that the beacon counts people.

Starts ``python app.py`` (default processes and threads, SQLite, the sample content) twice, with
counting on and off, and measures with wrk, side by side and alternating:

- the counting beacon of the article, ``/thong-ke/dem.gif?bai-viet=1``, from one reader again
  and again (what a reader's further pages cost: the process already knows them);
- the same beacon, every request from a reader never seen before (``beacon_readers.lua``): a new
  visit, presence and article view each time, the costliest case;
- the article page itself, which no longer counts a person;

at 10 and 50 connections, and prints requests/s, p99, the servers' CPU time per request and
what counting costs (the drop in requests/s with counting on). Run it on an idle machine.

``--in-process`` measures instead what other load on the machine skews less: the CPU time of
one process (every thread, the group-commit writer included) per beacon request made with
Flask's test client, counting off and on, one reader and a new reader each.

    python -m bench.beacon [--seconds 5] [--rounds 2] [--flush 1] [--in-process]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench.load import BROWSER_UA, Result, run_wrk, wrk_available
from tests.support.live_server import LiveServer

ARTICLE = (
    "/tin-tuc/ca-he-thong-chinh-tri-cua-tinh-tiep-tuc-lam-tot-cong-tac-dan-van-"
    "trong-giai-doan-moi-1"
)
BEACON = "/thong-ke/dem.gif?bai-viet=1"
READERS_SCRIPT = Path(__file__).with_name("beacon_readers.lua")
CONNECTIONS = (10, 50)
# (name, path, wrk script): the scenarios, in the order measured.
SCENARIOS = (
    ("beacon, one reader", BEACON, None),
    ("beacon, a new reader each", BEACON, READERS_SCRIPT),
    ("article page", ARTICLE, None),
)


@dataclass
class Measured:
    """Every round's result of one scenario, connection count and counting state."""

    results: list[Result] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return statistics.median(result.requests_per_second for result in self.results)

    @property
    def p99(self) -> float:
        return statistics.median(result.p99_ms for result in self.results)


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its children still alive (the workers)."""
    pids = [pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                pids.append(int(entry.name))
    total = 0
    for each in pids:
        try:
            fields = (Path("/proc") / str(each) / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / 100.0  # USER_HZ


def warm(server: LiveServer) -> None:
    """Load the article page on fresh connections, so every worker has its shell (the
    beacon's visibility check then costs no query, as when pages are being served)."""
    for _ in range(20):
        request = urllib.request.Request(server.url + ARTICLE, headers={"User-Agent": BROWSER_UA})
        urllib.request.urlopen(request, timeout=10).read()


def measure(server: LiveServer, path: str, script: Path | None, connections: int, seconds: float):
    warm(server)
    pid = server.process.pid if server.process else 0
    before = cpu_seconds(pid)
    result = run_wrk(server.url + path, connections, seconds, True, script=script)
    used = cpu_seconds(pid) - before
    requests = result.requests_per_second * max(1, round(seconds))
    return result, used * 1000 / requests if requests else 0.0


def in_process(requests: int, rounds: int) -> None:
    """CPU microseconds per beacon request in one process, counting off and on."""
    from danvan import create_app
    from danvan.content.sample import load_sample_content
    from danvan.extensions import db
    from danvan.stats.counting import STORE_KEY

    def cpu_per_beacon(enabled: bool, new_readers: bool) -> float:
        # A fresh app each time: its writer is closed at the end to count the commits in.
        app = create_app(
            {
                "INSTANCE_PATH": tempfile.mkdtemp(prefix="danvan-beacon-"),
                "SECRET_KEY": "bench-secret-key-of-the-beacon",
                "RATELIMIT_ENABLED": False,
                "STATS_ENABLED": enabled,
                "LOG_LEVEL": "WARNING",
            }
        )
        logging.getLogger("danvan").setLevel(logging.WARNING)
        with app.app_context():
            db.create_all()
            load_sample_content()
        client = app.test_client(use_cookies=False)
        headers = {"User-Agent": BROWSER_UA}
        client.get(ARTICLE, headers=headers).close()  # the article's shell, as when serving
        started = time.process_time()
        for number in range(requests):
            address = f"fd00::{number:x}" if new_readers else "fd00::1"
            client.get(BEACON, headers=headers, environ_base={"REMOTE_ADDR": address}).close()
        app.extensions[STORE_KEY].writer.close()
        return (time.process_time() - started) * 1e6 / requests

    print(f"CPU us per beacon request, one process, {requests} requests, median of {rounds}\n")
    print("| readers | counting off | counting on | cost |")
    print("|---|---|---|---|")
    for new_readers in (False, True):
        off, on = [], []
        for _ in range(rounds):
            off.append(cpu_per_beacon(False, new_readers))
            on.append(cpu_per_beacon(True, new_readers))
        off_us, on_us = statistics.median(off), statistics.median(on)
        name = "a new reader each" if new_readers else "one reader"
        print(f"| {name} | {off_us:.0f} | {on_us:.0f} | {on_us / off_us - 1:+.0%} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--flush", default="1", help="DANVAN_PAGEVIEW_FLUSH of the servers")
    parser.add_argument("--in-process", action="store_true", help="CPU per beacon, test client")
    parser.add_argument("--requests", type=int, default=4000, help="with --in-process")
    args = parser.parse_args()
    if args.in_process:
        in_process(args.requests, args.rounds)
        return
    if not wrk_available():
        raise SystemExit("wrk is needed (apt-get install wrk)")
    env = {
        "DANVAN_RATELIMIT_ENABLED": "false",
        "DANVAN_PROXIES": "1",
        "DANVAN_PAGEVIEW_FLUSH": args.flush,
    }
    workdir = Path(tempfile.mkdtemp(prefix="danvan-beacon-"))
    servers = {
        enabled: LiveServer(
            workdir / f"counting-{enabled}", env={**env, "DANVAN_STATS_ENABLED": enabled}
        ).start(timeout=60)
        for enabled in ("false", "true")
    }
    table: dict[tuple[str, int, str], Measured] = {}
    try:
        for _ in range(args.rounds):
            for name, path, script in SCENARIOS:
                for connections in CONNECTIONS:
                    for enabled, server in servers.items():
                        result, cpu = measure(server, path, script, connections, args.seconds)
                        cell = table.setdefault((name, connections, enabled), Measured())
                        cell.results.append(result)
                        cell.cpu_ms.append(cpu)
                        time.sleep(0.5)
    finally:
        for server in servers.values():
            server.stop()
    print(f"SQLite, default workers, DANVAN_PAGEVIEW_FLUSH={args.flush}, {args.rounds} rounds of")
    print(f"{args.seconds:g} s, median of the rounds; cost = drop in req/s with counting on\n")
    print(
        "| scenario | c | off req/s | on req/s | cost | off p99 ms | on p99 ms "
        "| CPU ms/req off / on |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, _, _ in SCENARIOS:
        for connections in CONNECTIONS:
            off, on = table[(name, connections, "false")], table[(name, connections, "true")]
            cost = 1 - on.rate / off.rate if off.rate else 0.0
            cpu = f"{statistics.median(off.cpu_ms):.2f} / {statistics.median(on.cpu_ms):.2f}"
            print(
                f"| {name} | {connections} | {off.rate:,.0f} | {on.rate:,.0f} | {cost:+.0%} "
                f"| {off.p99:.1f} | {on.p99:.1f} | {cpu} |"
            )
    errors = sum(r.errors for cell in table.values() for r in cell.results)
    print(f"\nerrors (non-2xx, socket): {errors}")


if __name__ == "__main__":
    main()
