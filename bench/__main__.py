"""``python -m bench``: how fast the site is, measured the way a resident's browser meets it.

Starts the site the way ``python app.py`` does (default processes and threads) on a temporary
instance with the sample content, plus a bare Flask route on the same server settings (the
ceiling), then measures side by side the article page (counting on and off), the home page,
``/api/stats`` and vote POSTs, with keep-alive and with ``Connection: close``, at 1, 10 and 50
connections. Also: one process pinned to one core, the article page's first-load weight, and
the time from start to the first answered request, and the article page through nginx's cache
(bench/nginx.py, deploy/nginx.conf). Writes the table to BENCHMARKS.md.

    python -m bench [--seconds 3] [--output BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import nginx
from bench.load import BROWSER_UA, Result, run_python, run_wrk, wrk_available
from bench.weight import measure
from danvan import PROJECT_ROOT
from tests.support.live_server import LiveServer, free_port

ARTICLE = (
    "/tin-tuc/ca-he-thong-chinh-tri-cua-tinh-tiep-tuc-lam-tot-cong-tac-dan-van-"
    "trong-giai-doan-moi-1"
)
CONNECTIONS = (1, 10, 50)
VOTE_SCRIPT = Path(__file__).with_name("rating_votes.lua")
LOAD_ENV = {"DANVAN_RATELIMIT_ENABLED": "false", "DANVAN_RATING_PER_IP": "1000000000"}


@dataclass
class Row:
    scenario: str
    connections: int
    keep_alive: bool
    result: Result
    ceiling: Result | None = None

    @property
    def ratio(self) -> float | None:
        if not self.ceiling or not self.ceiling.requests_per_second:
            return None
        return self.result.requests_per_second / self.ceiling.requests_per_second


class BareServer:
    """bench/bare_server.py on a free port, with the same threads and processes as the site."""

    def __init__(self, threads: int, workers: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.bare_server", str(self.port), str(threads), str(workers)],
            cwd=PROJECT_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url, timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the bare server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(20)


def load(url: str, connections: int, seconds: float, keep_alive: bool, **wrk: Any) -> Result:
    """Load ``url`` with wrk when it is installed (``wrk``: its script and environment), else
    with the Python load generator."""
    if wrk_available():
        return run_wrk(url, connections, seconds, keep_alive, **wrk)
    return run_python(url, connections, seconds, keep_alive)


def start_site(instance: Path, **env: str) -> tuple[LiveServer, float]:
    """Start ``python app.py`` and return it with the seconds until /healthz first answered."""
    started = time.monotonic()
    server = LiveServer(instance, env={**LOAD_ENV, **env}).start(timeout=60)
    return server, time.monotonic() - started


def first_page_time(instance: Path) -> float:
    """Seconds from starting ``python app.py`` on an existing instance to the article's HTML."""
    server = LiveServer(instance, env=LOAD_ENV)
    started = time.monotonic()
    server.start(timeout=60)
    request = urllib.request.Request(server.url + ARTICLE, headers={"User-Agent": BROWSER_UA})
    urllib.request.urlopen(request, timeout=10).read()
    elapsed = time.monotonic() - started
    server.stop()
    return elapsed


def prepare_voters(base_url: str, count: int, path: Path) -> bool:
    """``count`` separate browsers, each given its voter cookie by a first vote (reading sets
    none); write 'cookies<TAB>token' lines (no token: residents' forms have none)."""
    lines = []
    for _ in range(count):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        request = urllib.request.Request(
            base_url + "/tin-tuc/1/danh-gia",
            data=b"stars=5",
            headers={"User-Agent": BROWSER_UA, "HX-Request": "true"},
        )
        opener.open(request, timeout=10).read()
        cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)
        if "danvan_voter=" not in cookies:
            return False
        lines.append(f"{cookies}\t\n")
    path.write_text("".join(lines))
    return True


def machine_description() -> list[str]:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = match.group(1).strip() if match else cpu
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read_text()).group(1))
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    import waitress

    wrk = "wrk" if wrk_available() else "Python threaded client (wrk not installed)"
    if wrk_available():
        version = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
        wrk = (version.stdout + version.stderr).split("\n")[0].strip() or "wrk"
    return [
        f"- Machine: {cpu}, {cores} cores{memory}; {platform.platform()}",
        f"- Python {platform.python_version()}, waitress {waitress_version(waitress)}, "
        f"SQLite {sqlite3.sqlite_version}",
        f"- Load generator: {wrk}, on the same machine (it takes CPU from the server too)",
    ]


def waitress_version(module) -> str:
    from importlib.metadata import version

    try:
        return version("waitress")
    except Exception:  # metadata missing in odd installs
        return getattr(module, "__version__", "?")


def fmt_rows(rows: list[Row]) -> list[str]:
    out = [
        "| scenario | conns | connection | req/s | p50 ms | p99 ms | errors | vs ceiling |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        ratio = f"{row.ratio * 100:.0f} %" if row.ratio is not None else "—"
        out.append(
            f"| {row.scenario} | {row.connections} | "
            f"{'keep-alive' if row.keep_alive else 'close'} | "
            f"{row.result.requests_per_second:,.0f} | {row.result.p50_ms:.1f} | "
            f"{row.result.p99_ms:.1f} | {row.result.errors} | {ratio} |"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=3, help="length of each run")
    parser.add_argument("--output", default=str(PROJECT_ROOT / "BENCHMARKS.md"))
    args = parser.parse_args(argv)
    began = time.monotonic()
    seconds = args.seconds
    workdir = Path(tempfile.mkdtemp(prefix="danvan-bench-"))
    notes: list[str] = []
    if not wrk_available():
        notes.append(
            "wrk is not installed (apt-get install wrk): a Python client measured, "
            "which saturates long before the server; vote POSTs were skipped."
        )
    print("Load generator:", "wrk" if wrk_available() else "Python threads", flush=True)

    site, start_seconds = start_site(workdir / "site")
    from danvan.config import defaults
    from danvan.ops.server import default_workers

    threads, workers = defaults()["THREADS"], default_workers()
    bare = BareServer(threads, workers)
    counting_off, _ = start_site(workdir / "site-off", DANVAN_STATS_ENABLED="false")
    rows: list[Row] = []
    try:
        urls = {
            "ceiling (bare Flask route)": bare.url + "/",
            "article page": site.url + ARTICLE,
            "article page, counting off": counting_off.url + ARTICLE,
            "home page": site.url + "/",
            "/api/stats": site.url + "/api/stats",
        }
        for keep_alive in (True, False):
            for connections in CONNECTIONS:
                ceiling = None
                for name, url in urls.items():
                    result = load(url, connections, seconds, keep_alive)
                    ceiling = ceiling or result
                    rows.append(
                        Row(
                            name,
                            connections,
                            keep_alive,
                            result,
                            None if name.startswith("ceiling") else ceiling,
                        )
                    )
                    print(
                        f"{name:30} c={connections:<3} "
                        f"{'ka   ' if keep_alive else 'close'} "
                        f"{result.requests_per_second:8.0f} req/s",
                        flush=True,
                    )
        voters_file = workdir / "voters.txt"
        if wrk_available() and VOTE_SCRIPT.exists() and prepare_voters(site.url, 300, voters_file):
            env = {**os.environ, "VOTERS_FILE": str(voters_file)}
            for keep_alive in (True, False):
                for connections in CONNECTIONS:
                    result = load(
                        site.url, connections, seconds, keep_alive, script=VOTE_SCRIPT, env=env
                    )
                    ceiling = next(
                        r.result
                        for r in rows
                        if r.scenario.startswith("ceiling")
                        and r.connections == connections
                        and r.keep_alive == keep_alive
                    )
                    rows.append(Row("vote POST (HTMX)", connections, keep_alive, result, ceiling))
                    print(
                        f"{'vote POST':30} c={connections:<3} "
                        f"{'ka   ' if keep_alive else 'close'} "
                        f"{result.requests_per_second:8.0f} req/s",
                        flush=True,
                    )
        else:
            notes.append("Vote POSTs not measured (needs wrk and bench/rating_votes.lua).")
        weight = measure(site.url + ARTICLE)
    finally:
        counting_off.stop()
        bare.stop()
        site.stop()

    behind_nginx = nginx.measure(workdir, ARTICLE, seconds)
    if behind_nginx is None:
        notes.append("nginx or wrk is not installed: the article page through nginx not measured.")
    for scenario, result in behind_nginx[0] if behind_nginx else []:
        ceiling = next(
            r.result
            for r in rows
            if r.scenario.startswith("ceiling")
            and r.connections == nginx.CONNECTIONS
            and r.keep_alive == scenario.keep_alive
        )
        rows.append(Row(scenario.name, nginx.CONNECTIONS, scenario.keep_alive, result, ceiling))
        print(f"{scenario.name:30} {result.requests_per_second:8.0f} req/s", flush=True)

    pinned = run_pinned(workdir / "site", seconds) if shutil.which("taskset") else None
    first_seconds = first_page_time(workdir / "site")

    def pick(scenario: str, connections: int = 50, keep_alive: bool = True) -> Row:
        return next(
            r
            for r in rows
            if r.scenario == scenario
            and r.connections == connections
            and r.keep_alive == keep_alive
        )

    article = pick("article page")
    article_close = pick("article page", keep_alive=False)
    off = pick("article page, counting off")
    targets = [
        (
            "article page ≥ 40 % of the ceiling (c=50, keep-alive)",
            f"{article.ratio * 100:.0f} %",
            article.ratio >= 0.40,
        ),
        (
            "keep-alive at least as fast as close (article, c=50)",
            f"{article.result.requests_per_second:,.0f} vs "
            f"{article_close.result.requests_per_second:,.0f} req/s",
            article.result.requests_per_second >= article_close.result.requests_per_second,
        ),
        (
            "p99 ≤ 100 ms at 50 connections (article, keep-alive)",
            f"{article.result.p99_ms:.0f} ms",
            article.result.p99_ms <= 100,
        ),
        (
            "counting on ≥ 90 % of counting off (article, c=50, keep-alive)",
            f"{article.result.requests_per_second / off.result.requests_per_second * 100:.0f} %",
            article.result.requests_per_second >= 0.9 * off.result.requests_per_second,
        ),
        (
            "first-load weight of the article page < 60 KB in < 8 requests",
            f"{weight.total_bytes / 1024:.1f} KB in {weight.requests} requests",
            weight.total_bytes < 60 * 1024 and weight.requests < 8,
        ),
        (
            "`python app.py` answers its first request within 3 s of start",
            f"{first_seconds:.2f} s (health check of a fresh instance: {start_seconds:.2f} s)",
            first_seconds <= 3,
        ),
    ]
    if behind_nginx:
        targets[1:1] = nginx.targets(behind_nginx[0])
    if pinned:
        targets.insert(
            1,
            (
                "default settings ≥ 1.5× one process pinned to one core "
                "(article, c=50, keep-alive)",
                f"{article.result.requests_per_second / pinned.requests_per_second:.2f}× "
                f"({article.result.requests_per_second:,.0f} vs "
                f"{pinned.requests_per_second:,.0f} req/s)",
                article.result.requests_per_second >= 1.5 * pinned.requests_per_second,
            ),
        )

    lines = [
        "# Benchmarks",
        "",
        f"Written by `python -m bench` on {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, "
        f"{seconds:g} s per run, {time.monotonic() - began:.0f} s in all. Figures from one run on "
        "one machine: compare ratios within a run, not absolute numbers across machines.",
        "",
        *machine_description(),
        f"- Site: `python app.py` defaults ({workers} processes × {threads} threads), SQLite, "
        "sample content, rate limits off for load; an anonymous browser User-Agent.",
        "",
        "## Targets",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        *[f"| {name} | {value} | {'yes' if met else '**no**'} |" for name, value, met in targets],
        "",
        "## Throughput and latency",
        "",
        *fmt_rows(rows),
    ]
    if pinned:
        lines += [
            "",
            f"One process pinned to one core (`taskset -c 0`, `DANVAN_WORKERS=1`), "
            f"article page, c=50, keep-alive: {pinned.requests_per_second:,.0f} req/s, "
            f"p50 {pinned.p50_ms:.1f} ms, p99 {pinned.p99_ms:.1f} ms.",
        ]
    lines += [
        "",
        "## First load of the article page",
        "",
        f"Measured by: {weight.how}.",
        "",
        "| kind | resource | bytes |",
        "|---|---|---:|",
    ]
    for kind, url, size in weight.resources:
        lines.append(f"| {kind} | `{url.split('127.0.0.1')[-1].split(':', 1)[-1]}` | {size:,} |")
    lines.append(f"| **total** | {weight.requests} requests | **{weight.total_bytes:,}** |")
    if notes:
        lines += ["", "## Notes", "", *[f"- {note}" for note in notes]]
    Path(args.output).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    shutil.rmtree(workdir, ignore_errors=True)
    return 0 if all(met for _, _, met in targets) else 1


def run_pinned(instance: Path, seconds: float) -> Result | None:
    """The article page from one process pinned to core 0 (c=50, keep-alive)."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("DANVAN_")}
    env.update(LOAD_ENV, DANVAN_INSTANCE_PATH=str(instance), DANVAN_WORKERS="1")
    log = open(instance / "pinned.log", "ab")  # noqa: SIM115 - closed after the process ends
    process = subprocess.Popen(
        [
            "taskset",
            "-c",
            "0",
            sys.executable,
            "app.py",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url + "/healthz", timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        return load(url + ARTICLE, 50, seconds, True)
    finally:
        process.terminate()
        process.wait(20)
        log.close()


if __name__ == "__main__":
    sys.exit(main())
