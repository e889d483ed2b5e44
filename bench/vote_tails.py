"""Vote POST latency tails and exact totals against a real ``python app.py`` (issue #16, point 6).

    python -m bench.vote_tails [--seconds 8] [--connections 10 50] [--readers 0] [--networks]
                               [--database-url postgresql+psycopg://...]

Starts the site as ``python app.py`` does (its default processes and threads) on a fresh
instance (SQLite, or an EMPTY database at ``--database-url``), then for each connection count
runs wrk (bench/vote_tails.lua) where every request is a first vote by a voter of its own. After
each run the article's vote count must have grown by the votes answered 200 (at most the
requests still in flight when wrk stopped come on top), and at the end ``reconcile`` must find
the summary equal to the vote log. ``--readers N`` loads the article page at N more connections
meanwhile, each request a new reader (bench/new_readers.lua), so statistics writes compete with
the votes. ``--networks``: each voter from a network of its own (through X-Forwarded-For, with
``DANVAN_PROXIES=1``) instead of all from one, whose per-network window row every vote then
updates (it matters on PostgreSQL, which locks rows; SQLite locks the whole database). Prints
requests/s, p50 and p99 per run; each run takes ``--seconds``.
"""

from __future__ import annotations

import argparse
import http.cookies
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.load import BROWSER_UA, run_wrk
from tests.support.live_server import LiveServer

ARTICLE = (
    "/tin-tuc/ca-he-thong-chinh-tri-cua-tinh-tiep-tuc-lam-tot-cong-tac-dan-van-"
    "trong-giai-doan-moi-1"
)
VOTE_PATH = "/tin-tuc/1/danh-gia"
HERE = Path(__file__).parent
LOAD_ENV = {"DANVAN_RATELIMIT_ENABLED": "false", "DANVAN_RATING_PER_IP": "1000000000"}


def form_cookies(url: str) -> tuple[str, str]:
    """The cookies and CSRF token a browser gets with the article (either may be empty once
    anonymous votes need neither); the voter cookie it may carry is left out."""
    request = urllib.request.Request(url + ARTICLE, headers={"User-Agent": BROWSER_UA})
    with urllib.request.urlopen(request, timeout=30) as response:
        html = response.read().decode()
        jar = http.cookies.SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
    cookies = "; ".join(f"{k}={m.value}" for k, m in jar.items() if k != "danvan_voter")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    return cookies, token.group(1) if token else ""


def write_voters(
    path: Path, instance: Path, count: int, cookies: str, token: str, networks: bool
) -> None:
    """``count`` new voters: the page's cookies plus a voter cookie signed with the site's key
    (what the site would have given each of them), and with ``networks`` an address of its
    own, one line each for the wrk script."""
    # The site's own signer: the cookie must be one the site itself would have set.
    from danvan.rating.voter import VOTER_COOKIE, _serializer_for

    serializer = _serializer_for((instance / "secret_key").read_text().strip())
    lines = []
    for number in range(count):
        voter = f"{VOTER_COOKIE}={serializer.dumps(secrets.token_urlsafe(18))}"
        address = f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}" if networks else ""
        lines.append(f"{'; '.join(filter(None, (cookies, voter)))}\t{token}\t{address}\n")
    path.write_text("".join(lines))


def vote_count(url: str) -> int:
    with urllib.request.urlopen(url + "/api/articles/1/rating", timeout=30) as response:
        return json.loads(response.read())["count"]


def drift_found(instance: Path, database_url: str | None) -> int:
    """How many articles' summaries ``reconcile`` found different from their votes."""
    from danvan import create_app
    from danvan.extensions import db
    from danvan.rating.maintenance import reconcile

    overrides = {"INSTANCE_PATH": str(instance)}
    if database_url:
        overrides["SQLALCHEMY_DATABASE_URI"] = database_url
    app = create_app(overrides)
    with app.app_context():
        drift = reconcile()
        db.engine.dispose()
    return len(drift)


def start_readers(url: str, connections: int, seconds: int) -> subprocess.Popen:
    """wrk reading the article as new visitors, alongside the votes (output discarded)."""
    return subprocess.Popen(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds + 1}s", "-H", f"User-Agent: {BROWSER_UA}"]
        + ["-s", str(HERE / "new_readers.lua"), url],
        env={**os.environ, "READ_PATH": ARTICLE},
        stdout=subprocess.DEVNULL,
    )


def vote_run(server: LiveServer, connections: int, args, workdir: Path) -> bool:
    """One wrk run of first votes; prints its figures; True when the totals are exact."""
    voters = workdir / f"voters-{connections}.txt"
    write_voters(voters, server.instance, args.voters, *form_cookies(server.url), args.networks)
    before = vote_count(server.url)
    readers = start_readers(server.url, args.readers, args.seconds) if args.readers else None
    env = {
        **os.environ,
        "VOTERS_FILE": str(voters),
        "VOTE_PATH": VOTE_PATH,
        "WRK_THREADS": str(min(2, connections)),
    }
    result = run_wrk(
        server.url, connections, args.seconds, True, script=HERE / "vote_tails.lua", env=env
    )
    if readers:
        readers.wait()
    time.sleep(1)  # requests wrk left in flight are still answered
    added = vote_count(server.url) - before
    line = next(x for x in result.output.splitlines() if x.startswith("VOTES"))
    sent, ok, wrapped = (int(part.split("=")[1]) for part in line.split()[1:])
    exact = wrapped == 0 and ok <= added <= sent
    print(
        f"c={connections:<3} {result.requests_per_second:6.0f} votes/s  "
        f"p50 {result.p50_ms:6.1f} ms  p99 {result.p99_ms:6.1f} ms  "
        f"errors (incl. > 2 s) {result.errors}  "
        f"answered 200: {ok}, count grew by {added} (sent {sent}"
        f"{f', {wrapped} repeated voters' if wrapped else ''})  "
        f"{'exact' if exact else 'NOT EXACT'}",
        flush=True,
    )
    return exact


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--voters", type=int, default=20000, help="new voters per run")
    parser.add_argument("--readers", type=int, default=0, help="article readers' connections")
    parser.add_argument("--networks", action="store_true", help="a network per voter")
    parser.add_argument("--database-url", help="an EMPTY database instead of SQLite")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="danvan-vote-tails-"))
    env = dict(LOAD_ENV)
    if args.database_url:
        env["DANVAN_DATABASE_URL"] = args.database_url
    if args.networks:
        env["DANVAN_PROXIES"] = "1"
    server = LiveServer(workdir / "site", env=env).start(timeout=60)
    backend = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"{backend}, first votes, keep-alive, "
        f"{'a network per voter' if args.networks else 'one network'}, "
        f"{args.readers} new readers' connections meanwhile"
    )
    try:
        exact = [vote_run(server, c, args, workdir) for c in args.connections]
    finally:
        server.stop()
    drift = drift_found(workdir / "site", args.database_url)
    print(f"reconcile: {drift} article(s) whose summary differed from the vote log")
    return 0 if all(exact) and drift == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
