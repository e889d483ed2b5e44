"""200 slow clients (headers a byte a second) do not keep residents from reading: waitress
buffers a request's headers in its event loop and hands only complete requests to a thread.
``python bench/slow_clients.py`` measures the latency; this test checks that pages are answered."""

from __future__ import annotations

import time
import urllib.request

from tests.site.test_pages import ARTICLE_PATH
from tests.support.live_server import BROWSER_UA
from tests.support.slow_clients import slow_clients


def test_pages_are_answered_while_200_slow_clients_hold_connections(live_server, tmp_path):
    server = live_server(tmp_path / "slow", DANVAN_RATELIMIT_ENABLED="false")
    with slow_clients(server.url, count=200, seconds=20) as held:
        assert len(held) == 200
        time.sleep(2)  # they have all started sending
        answered = []
        for _ in range(50):
            request = urllib.request.Request(
                server.url + ARTICLE_PATH, headers={"User-Agent": BROWSER_UA}
            )
            started = time.monotonic()
            with urllib.request.urlopen(request, timeout=5) as response:
                response.read()
                answered.append((response.status, time.monotonic() - started))
    assert [status for status, _ in answered] == [200] * 50
    assert "Traceback" not in server.read_log()
