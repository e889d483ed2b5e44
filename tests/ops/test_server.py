"""``python app.py`` as an operator runs it: first start, restart, clean stop."""

import os
import signal
import sqlite3
import stat
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.site.test_pages import ARTICLE_PATH
from tests.support.live_server import BROWSER_UA


def fetch(url):
    request = urllib.request.Request(url, headers={"User-Agent": BROWSER_UA})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode()


def test_first_start_creates_instance_and_serves_the_article(live_server, tmp_path):
    instance = tmp_path / "fresh"
    server = live_server(instance)
    assert stat.S_IMODE(os.stat(instance / "secret_key").st_mode) == 0o600
    assert (instance / "danvan.sqlite3").exists()
    status, html = fetch(server.url + ARTICLE_PATH)
    assert status == 200 and "Chủ nhật - 24/01/2021 23:12" in html
    assert fetch(server.url + "/healthz") == (200, '{"status":"ok"}\n')
    assert server.stop() == 0
    log = server.read_log()
    assert f'"GET {ARTICLE_PATH}" 200' in log
    assert "sample content loaded" in log
    assert "Traceback" not in log


def test_restart_keeps_data_and_loads_nothing_twice(live_server, tmp_path):
    instance = tmp_path / "kept"
    first = live_server(instance)
    secret = (instance / "secret_key").read_text()
    first.stop()
    with sqlite3.connect(instance / "danvan.sqlite3") as connection:
        connection.execute("UPDATE articles SET view_count = 42")
    second = live_server(instance)
    assert "sample content loaded" not in second.read_log()
    with sqlite3.connect(instance / "danvan.sqlite3") as connection:
        assert connection.execute("SELECT COUNT(*) FROM articles").fetchone() == (1,)
        assert connection.execute("SELECT COUNT(*) FROM banners").fetchone() == (4,)
        assert connection.execute("SELECT view_count FROM articles").fetchone() == (42,)
    assert (instance / "secret_key").read_text() == secret


def test_ctrl_c_stops_cleanly(live_server, tmp_path):
    server = live_server(tmp_path / "int")
    started = time.monotonic()
    assert server.stop(signal.SIGINT) == 0
    assert time.monotonic() - started < 10
    assert "stopped" in server.read_log()


def child_pids(parent: int) -> set[int]:
    children = set()
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            children.add(int(stat_file.parent.name))
    return children


@pytest.mark.skipif(not hasattr(os, "fork") or not Path("/proc").is_dir(), reason="Linux only")
def test_workers_share_the_port_and_a_dead_worker_is_replaced(live_server, tmp_path):
    server = live_server(tmp_path / "workers", DANVAN_WORKERS="2")
    workers = child_pids(server.process.pid)
    assert len(workers) == 2
    victim = sorted(workers)[0]
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        now = child_pids(server.process.pid)
        if len(now) == 2 and victim not in now:
            break
        time.sleep(0.1)
    assert len(now) == 2 and victim not in now
    for _ in range(20):
        assert fetch(server.url + "/healthz")[0] == 200
    assert server.stop() == 0
    assert child_pids(server.process.pid) == set()
    assert "starting another" in server.read_log()


def established_inodes(port: int) -> set[str]:
    """Inodes of established TCP sockets whose local port is ``port`` (from /proc/net/tcp*)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                inodes.add(fields[9])
    return inodes


def socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SO_REUSEPORT balancing is Linux")
def test_keep_alive_connections_are_spread_over_the_workers(live_server, tmp_path):
    import http.client

    server = live_server(tmp_path / "spread", DANVAN_WORKERS="2")
    # Connect all at once, as a load generator or a busy hour does, then use each connection.
    connections = [
        http.client.HTTPConnection("127.0.0.1", server.port, timeout=10) for _ in range(40)
    ]
    for connection in connections:
        connection.connect()
    for connection in connections:
        connection.request("GET", "/healthz")
        connection.getresponse().read()
    try:
        established = established_inodes(server.port)
        per_worker = [
            len(socket_inodes(pid) & established) for pid in child_pids(server.process.pid)
        ]
        assert sum(per_worker) == 40
        # A shared socket gave one worker nearly all of them; the kernel's hash spreads them.
        assert min(per_worker) >= 8, per_worker
    finally:
        for connection in connections:
            connection.close()
