"""The article page through nginx's cache (deploy/nginx.conf) in front of ``python app.py``.

    python -m bench.nginx [--seconds 3]     # this scenario alone; python -m bench runs it too

Starts the site with ``DANVAN_PROXIES=1`` behind Debian's nginx rendered from deploy/nginx.conf
(its buffered access log on, as in production), fills the cache with one request, then loads
the article page with wrk at 50 connections: as wrk asks (no compression: the plain copy), as
a browser asks (``Accept-Encoding: gzip``: the copy kept compressed), and with
``Connection: close``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.load import BROWSER_UA, Result, run_wrk, wrk_available
from tests.support.live_server import LiveServer, free_port
from tests.support.nginx import NginxServer, nginx_available

CONNECTIONS = 50
TARGET_RATE = 10_000  # req/s, issue #16: 100x NukeViet's article page on this machine
TARGET_P99_MS = 20.0
LOAD_ENV = {"DANVAN_RATELIMIT_ENABLED": "false", "DANVAN_RATING_PER_IP": "1000000000"}


@dataclass
class Scenario:
    name: str
    keep_alive: bool
    headers: tuple[str, ...] = ()


SCENARIOS = (
    Scenario("article page through nginx's cache", True),
    Scenario("article page through nginx's cache, gzip", True, ("Accept-Encoding: gzip",)),
    Scenario("article page through nginx's cache", False),
)


def cache_status(url: str, gzip: bool = False) -> str:
    """X-Cache-Status of one request to ``url`` (``-`` when nginx sent none)."""
    headers = {"User-Agent": BROWSER_UA} | ({"Accept-Encoding": "gzip"} if gzip else {})
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()
        return response.headers.get("X-Cache-Status", "-")


def measure(
    workdir: Path, path: str, seconds: float
) -> tuple[list[tuple[Scenario, Result]], str] | None:
    """Each scenario's result and the cache status seen after warming up, or None when nginx or
    wrk is missing."""
    if not (nginx_available() and wrk_available()):
        return None
    port = free_port()
    site = LiveServer(
        workdir / "behind-nginx",
        env={**LOAD_ENV, "DANVAN_PROXIES": "1", "DANVAN_SITE_URL": f"http://127.0.0.1:{port}"},
    ).start(timeout=60)
    nginx = NginxServer(workdir / "nginx", f"127.0.0.1:{site.port}", port=port)
    try:
        nginx.start()
        url = nginx.url + path
        cache_status(url)
        warmed = cache_status(url)
        cache_status(url, gzip=True)
        results = [
            (
                scenario,
                run_wrk(url, CONNECTIONS, seconds, scenario.keep_alive, headers=scenario.headers),
            )
            for scenario in SCENARIOS
        ]
        return results, warmed
    finally:
        nginx.stop()
        site.stop()


def targets(results: list[tuple[Scenario, Result]]) -> list[tuple[str, str, bool]]:
    """The issue's target for the first scenario: rate and p99 at 50 connections."""
    result = results[0][1]
    return [
        (
            f"article page through nginx's cache ≥ {TARGET_RATE:,} req/s, p99 ≤ "
            f"{TARGET_P99_MS:.0f} ms (c={CONNECTIONS}, keep-alive)",
            f"{result.requests_per_second:,.0f} req/s, p99 {result.p99_ms:.1f} ms",
            result.requests_per_second >= TARGET_RATE and result.p99_ms <= TARGET_P99_MS,
        )
    ]


def main(argv: list[str] | None = None) -> int:
    """Run the scenario alone and print its rows; the exit code says whether the target is met."""
    from bench.__main__ import ARTICLE

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--path", default=ARTICLE, help="the page to load (default: the article)")
    args = parser.parse_args(argv)
    measured = measure(
        Path(tempfile.mkdtemp(prefix="danvan-bench-nginx-")), args.path, args.seconds
    )
    if measured is None:
        print("nginx (/usr/sbin/nginx) or wrk is not installed: nothing measured")
        return 1
    results, warmed = measured
    print(f"cache status after one request: {warmed}")
    for scenario, result in results:
        print(
            f"{scenario.name:42} {'ka   ' if scenario.keep_alive else 'close'} "
            f"{result.requests_per_second:9,.0f} req/s  p50 {result.p50_ms:5.1f} ms  "
            f"p99 {result.p99_ms:5.1f} ms  errors {result.errors}"
        )
    checks = targets(results)
    for name, value, met in checks:
        print(f"{name}: {value} {'met' if met else 'NOT met'}")
    return 0 if all(met for *_, met in checks) and warmed == "HIT" else 1


if __name__ == "__main__":
    sys.exit(main())
