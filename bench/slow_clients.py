"""``python bench/slow_clients.py``: the article page's latency while slow clients hold sockets.

Starts ``python app.py`` (default processes and threads, rate limits off) on a temporary
instance, opens ``--slow`` connections that send their headers a byte a second (for at most
``--seconds``, 60 by default), and meanwhile measures the article page with wrk (10 connections)
or, without wrk, with sequential requests. Prints p50 and p99 with and without the slow clients.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import run_python, run_wrk, wrk_available  # noqa: E402
from tests.site.test_pages import ARTICLE_PATH  # noqa: E402
from tests.support.live_server import LiveServer  # noqa: E402
from tests.support.slow_clients import slow_clients  # noqa: E402


def load(url: str, seconds: float):
    """The article page under 10 keep-alive connections, with wrk when installed."""
    if wrk_available():
        return run_wrk(url, 10, seconds, True)
    return run_python(url, 10, seconds, True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slow", type=int, default=200, help="slow connections (200)")
    parser.add_argument("--seconds", type=float, default=60, help="how long they last (60)")
    parser.add_argument("--measure", type=float, default=10, help="seconds per measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        server = LiveServer(Path(folder), env={"DANVAN_RATELIMIT_ENABLED": "false"}).start(60)
        try:
            url = server.url + ARTICLE_PATH
            load(url, 2)  # warm up: shells rendered, connections pooled
            quiet = load(url, args.measure)
            with slow_clients(server.url, args.slow, args.seconds):
                time.sleep(2)
                slowed = load(url, min(args.measure, args.seconds - 3))
        finally:
            server.stop()
    for name, result in (("alone", quiet), (f"with {args.slow} slow clients", slowed)):
        print(
            f"article page, 10 connections, {name}: {result.requests_per_second:,.0f} req/s, "
            f"p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms, errors {result.errors}"
        )


if __name__ == "__main__":
    main()
