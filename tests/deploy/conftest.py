"""``python app.py`` behind Debian's nginx with deploy/nginx.conf (tests/support/nginx.py)."""

from __future__ import annotations

import pytest

from tests.support.live_server import free_port
from tests.support.nginx import NginxServer, nginx_available

NO_NGINX = "Debian's nginx is not installed (/usr/sbin/nginx; .ci/run installs it)"


@pytest.fixture
def behind_nginx(live_server, tmp_path):
    """``behind_nginx(**env)``: a started site (DANVAN_PROXIES=1, its address nginx's) and the
    nginx in front of it; returns ``(server, nginx)``."""
    if not nginx_available():
        pytest.skip(NO_NGINX)
    started: list[NginxServer] = []

    def start(**env: str):
        port = free_port()
        server = live_server(
            tmp_path / "site",
            DANVAN_PROXIES="1",
            DANVAN_SITE_URL=f"http://127.0.0.1:{port}",
            # Counts committed before each answer, so a test reads them at once.
            DANVAN_PAGEVIEW_FLUSH="0",
            DANVAN_RATELIMIT_ENABLED="false",
            **env,
        )
        nginx = NginxServer(tmp_path / "nginx", f"127.0.0.1:{server.port}", port=port)
        started.append(nginx.start())
        return server, nginx

    yield start
    for nginx in started:
        nginx.stop()
