"""Benchmark (run by hand): what the server-side session check costs per staff request.

Starts ``python app.py`` (a temporary instance, SQLite unless DANVAN_DATABASE_URL is set),
creates an account, signs in, then for a few seconds each hits, from N threads:
  public page without a staff cookie   (no session query at all)
  /session/status (the passive poll)   (one SELECT per request, no write)
  /quan-tri/ (a staff page)            (one SELECT, one throttled UPDATE a minute)
  /session/keepalive                   (one SELECT + one UPDATE every request)
and prints requests per second and median / 95th percentile latency.

    python bench/staff_sessions.py [--seconds 5] [--threads 8]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.staff.test_sessions_live import Browser  # noqa: E402
from tests.support.live_server import LiveServer  # noqa: E402
from tests.support.staff import create_user  # noqa: E402


def measure(name: str, call, seconds: float, threads: int) -> None:
    latencies: list[float] = []
    failures = 0
    deadline = time.monotonic() + seconds

    def worker() -> None:
        nonlocal failures
        while time.monotonic() < deadline:
            started = time.perf_counter()
            status = call()
            latencies.append(time.perf_counter() - started)
            failures += status != 200

    with ThreadPoolExecutor(threads) as pool:
        for _ in range(threads):
            pool.submit(worker)
    latencies.sort()
    print(
        f"{name:<34} {len(latencies) / seconds:8.0f} req/s   "
        f"median {statistics.median(latencies) * 1000:6.1f} ms   "
        f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:6.1f} ms   failures {failures}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        server = LiveServer(
            Path(folder), env={"DANVAN_RATELIMIT_ENABLED": "false", "DANVAN_LOG_LEVEL": "WARNING"}
        ).start()
        try:
            create_user(server)
            browser = Browser()
            browser.sign_in(server.url, "lan")
            anonymous = Browser()
            hx = {"HX-Request": "true"}
            keep = {**hx, "X-CSRFToken": browser.csrf}
            measure(
                "public page, no staff cookie",
                lambda: anonymous.send(server.url + "/")[0],
                args.seconds,
                args.threads,
            )
            measure(
                "GET /session/status (poll)",
                lambda: browser.send(server.url + "/session/status", headers=hx)[0],
                args.seconds,
                args.threads,
            )
            measure(
                "GET /quan-tri/ (staff page)",
                lambda: browser.send(server.url + "/quan-tri/")[0],
                args.seconds,
                args.threads,
            )
            measure(
                "POST /session/keepalive",
                lambda: browser.send(server.url + "/session/keepalive", {}, keep)[0],
                args.seconds,
                args.threads,
            )
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
