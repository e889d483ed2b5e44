"""The database goes away and comes back while a real server runs (PostgreSQL through a proxy)."""

import time
import urllib.request

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import TEST_DATABASE_URL
from tests.support.live_clients import fetch
from tests.support.live_server import BROWSER_UA
from tests.support.tcp_proxy import TcpProxy

pytestmark = pytest.mark.skipif(
    not (TEST_DATABASE_URL or "").startswith("postgresql"),
    reason="needs DANVAN_TEST_DATABASE_URL pointing at PostgreSQL (a network database to cut)",
)


def status_of(url):
    return fetch(url)


def test_database_outage_gives_503_then_recovers_without_restart(live_server, tmp_path):
    url = make_url(TEST_DATABASE_URL)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    try:
        proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        server = live_server(tmp_path / "outage", DANVAN_DATABASE_URL=proxied)
        assert status_of(server.url + "/")[0] == 200

        proxy.cut()
        status, body = status_of(server.url + "/healthz")
        assert status == 503
        # A page this process has not rendered in the last 30 s needs the database.
        status, body = status_of(server.url + "/tin-tuc/khong-co-999")
        assert status == 503
        assert "Hệ thống đang tạm thời gián đoạn" in body
        # The counting beacon still answers its pixel (what it could not count is lost or
        # queued, never an error page in the reader's page).
        beacon = urllib.request.Request(
            server.url + "/thong-ke/dem.gif?bai-viet=1", headers={"User-Agent": BROWSER_UA}
        )
        with urllib.request.urlopen(beacon, timeout=30) as answer:
            assert answer.status == 200 and answer.read().startswith(b"GIF")

        proxy.restore()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if status_of(server.url + "/healthz")[0] == 200:
                break
            time.sleep(0.2)
        assert status_of(server.url + "/healthz")[0] == 200
        assert status_of(server.url + "/")[0] == 200
        assert "Traceback" not in server.read_log()
    finally:
        proxy.close()
