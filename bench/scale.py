"""``python -m bench.scale``: the public pages at a provincial committee's real size.

Seeds a temporary site with ``--articles`` demonstration articles (``flask seed-demo``), starts
it as ``python app.py`` does by default (one process per core, eight threads), then measures at
c=10, side by side with the article page: the home page, a category's first page and page 500,
search for a common and a rare word, a tag page, the sitemap and the feed. Then it crawls every
article once (as a search engine would) and reports each worker's resident memory before and
after, and the crawl's own latencies: those pages were not in any cache.

    python -m bench.scale [--articles 50000] [--seconds 5] [--output BENCHMARKS-scale.md]
"""

from __future__ import annotations

import argparse
import http.client
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.load import BROWSER_UA, Result, run_wrk, wrk_available
from danvan import PROJECT_ROOT
from danvan.demo.text import RARE_WORD
from tests.support.live_server import LiveServer

LOAD_ENV = {"DANVAN_RATELIMIT_ENABLED": "false"}
CONNECTIONS = 10


def seed(instance: Path, articles: int, documents: int = 0) -> float:
    """Create the site (migrations, sample content), then seed it; seconds the seeding took."""
    LiveServer(instance, env=LOAD_ENV).start(timeout=120).stop()
    env = {**os.environ, "DANVAN_INSTANCE_PATH": str(instance)}
    started = time.monotonic()
    subprocess.run(
        [
            *(sys.executable, "-m", "flask", "--app", "app", "seed-demo"),
            *("--articles", str(articles), "--documents", str(documents)),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.monotonic() - started


def article_paths(instance: Path) -> list[str]:
    """Every readable article's canonical path, read straight from the SQLite file."""
    with sqlite3.connect(instance / "danvan.sqlite3") as connection:
        rows = connection.execute(
            "SELECT id, slug FROM articles WHERE status = 'published' "
            "AND published_at <= datetime('now') ORDER BY id"
        ).fetchall()
    return [f"/tin-tuc/{slug}-{article_id}" for article_id, slug in rows]


def first_tag(instance: Path) -> str:
    with sqlite3.connect(instance / "danvan.sqlite3") as connection:
        return connection.execute("SELECT slug FROM tags ORDER BY id LIMIT 1").fetchone()[0]


def first_type(instance: Path) -> str:
    """The slug of the document type with the most documents (what the list filters by)."""
    with sqlite3.connect(instance / "danvan.sqlite3") as connection:
        row = connection.execute(
            "SELECT t.slug FROM documents d JOIN document_types t ON t.id = d.doc_type_id "
            "GROUP BY t.slug ORDER BY count(*) DESC"
        ).fetchone()
    return str(row[0]) if row else ""


def first_document(instance: Path) -> str:
    """The address of a published document in the middle of the list."""
    with sqlite3.connect(instance / "danvan.sqlite3") as connection:
        count = connection.execute("SELECT count(*) FROM documents WHERE published").fetchone()[0]
        row = connection.execute(
            "SELECT slug, id FROM documents WHERE published ORDER BY id LIMIT 1 OFFSET ?",
            (count // 2,),
        ).fetchone()
    return f"/van-ban/{row[0]}-{row[1]}" if row else "/van-ban/"


def status_of(url: str) -> int:
    request = urllib.request.Request(url, headers={"User-Agent": BROWSER_UA})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def worker_pids(server: LiveServer) -> list[int]:
    """The waitress processes: the supervisor's children (or the supervisor when it serves)."""
    assert server.process is not None
    pid = server.process.pid
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        children.extend(int(child) for child in text)
    return children or [pid]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def crawl(base: str, paths: list[str], threads: int = CONNECTIONS) -> Result:
    """GET every path once with ``threads`` keep-alive connections; latencies of all."""
    parts = urllib.parse.urlsplit(base)
    queue = list(reversed(paths))
    lock = threading.Lock()
    latencies: list[float] = []
    errors = [0]

    def work() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine = []
        while True:
            with lock:
                if not queue:
                    break
                path = queue.pop()
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"User-Agent": BROWSER_UA})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                continue
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else 0.0
    median = statistics.median(latencies) if latencies else 0.0
    return Result(len(latencies) / elapsed, median, p99, errors[0])


def scenarios(instance: Path, paths: list[str]) -> list[tuple[str, str]]:
    """(name, path) of every page measured."""
    return [
        ("article page", paths[len(paths) // 2]),
        ("home page", "/"),
        ("category, first page", "/chuyen-muc/tin-tuc"),
        ("category, page 500", "/chuyen-muc/tin-tuc?page=500"),
        ("search, common words (dân vận)", "/tim-kiem?q=" + urllib.parse.quote("dân vận")),
        ("search, common words typed without marks", "/tim-kiem?q=dan+van"),
        ("search, a rare name", "/tim-kiem?q=" + urllib.parse.quote(RARE_WORD)),
        ("tag page", "/the/" + first_tag(instance)),
        ("sitemap.xml (gzip, as crawlers ask)", "/sitemap.xml"),
        ("Google News sitemap (gzip)", "/sitemap-news.xml"),
        ("RSS feed", "/rss.xml"),
        ("documents, first page", "/van-ban/"),
        ("documents, page 500", "/van-ban/?page=500"),
        ("documents of one type and year", "/van-ban/?loai=" + first_type(instance) + "&nam=2020"),
        ("documents, a number searched", "/van-ban/?q=" + urllib.parse.quote("15-HD")),
        ("a document", first_document(instance)),
        ("a page (Giới thiệu)", "/gioi-thieu/co-cau-to-chuc"),
        ("contact page", "/lien-he"),
        ("English home", "/en/"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--documents", type=int, default=50_000)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--output", default=str(PROJECT_ROOT / "BENCHMARKS-scale.md"))
    args = parser.parse_args(argv)
    if not wrk_available():
        print("wrk is needed (apt-get install wrk)", file=sys.stderr)
        return 2
    instance = Path(tempfile.mkdtemp(prefix="danvan-scale-")) / "instance"
    print(f"seeding {args.articles:,} articles…", flush=True)
    seed_seconds = seed(instance, args.articles, args.documents)
    paths = article_paths(instance)
    server = LiveServer(instance, env=dict(LOAD_ENV))
    # Feeds and sitemaps need the site's address (absolute URLs); this server's own.
    server.env["DANVAN_SITE_URL"] = server.url
    server.start(timeout=120)
    lines = [
        f"# Public pages at {args.articles:,} articles and {args.documents:,} documents",
        "",
        f"`python -m bench.scale --articles {args.articles} --documents {args.documents} "
        f"--seconds {args.seconds}`, "
        f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, `python app.py` defaults "
        f"(SQLite), wrk c={CONNECTIONS}, keep-alive, {args.seconds} s per row after 1 s of "
        f"warm-up; a page shell lives 30 s, so a row may include its re-rendering. Seeding took "
        f"{seed_seconds:.0f} s.",
        "",
        "| page | path | status | req/s | p50 ms | p99 ms | errors |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    try:
        for name, path in scenarios(instance, paths):
            status = status_of(server.url + path)
            # Crawlers fetch sitemaps compressed (the site keeps them gzipped); pages as browsers.
            headers = ("Accept-Encoding: gzip",) if "sitemap" in path else ()
            # One second first, so every process has rendered the page once (and compiled its
            # templates): what is measured is the page as residents meet it, expiries included.
            run_wrk(server.url + path, CONNECTIONS, 1, keep_alive=True, headers=headers)
            result = run_wrk(
                server.url + path, CONNECTIONS, args.seconds, keep_alive=True, headers=headers
            )
            row = (
                f"| {name} | `{path[:60]}` | {status} | {result.requests_per_second:,.0f} | "
                f"{result.p50_ms:.1f} | {result.p99_ms:.1f} | {result.errors} |"
            )
            print(row, flush=True)
            lines.append(row)
        pids = worker_pids(server)
        before = [rss_mib(pid) for pid in pids]
        print(f"crawling {len(paths):,} articles…", flush=True)
        crawled = crawl(server.url, paths)
        after = [rss_mib(pid) for pid in pids]
        lines += [
            "",
            f"Crawl of every readable article once ({len(paths):,} pages, {CONNECTIONS} "
            f"connections, none cached before): {crawled.requests_per_second:,.0f} pages/s, "
            f"p50 {crawled.p50_ms:.1f} ms, p99 {crawled.p99_ms:.1f} ms, {crawled.errors} errors.",
            "",
            "| worker | RSS before crawl (MiB) | RSS after crawl (MiB) |",
            "|---|---:|---:|",
        ]
        lines += [
            f"| {pid} | {b:.0f} | {a:.0f} |" for pid, b, a in zip(pids, before, after, strict=True)
        ]
    finally:
        server.stop()
    text = "\n".join(lines) + "\n"
    Path(args.output).write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
