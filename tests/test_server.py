"""``python app.py`` as an operator runs it: first start, restart, clean stop."""

import os
import signal
import sqlite3
import stat
import time
import urllib.request
from pathlib import Path

import pytest

from tests.live_server import BROWSER_UA
from tests.test_pages import ARTICLE_PATH


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
