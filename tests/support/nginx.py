"""Debian's nginx with deploy/nginx.conf in front of a test server, as a child process.

The site's file is rendered with the test's ports and folders and included in a small main
configuration of our own (``daemon off``, pid, logs and temporary files in the test's folder),
so nothing of the machine's nginx (its service, /etc/nginx/sites-enabled, /var/log) is used.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from danvan import PROJECT_ROOT
from deploy.render_nginx_conf import render
from tests.support.live_server import BROWSER_UA, free_port, start_process

NGINX = "/usr/sbin/nginx"
MIME_TYPES = "/etc/nginx/mime.types"

MAIN_CONF = """\
daemon off;
master_process on;
# Root here (tests, CI): workers as root can write the test's folders, which are private.
user root;
worker_processes {workers};
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{
    worker_connections 4096;
}}
http {{
    include {mime_types};
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/danvan.conf;
}}
"""


def nginx_available() -> bool:
    """True when Debian's nginx binary is installed."""
    return os.access(NGINX, os.X_OK)


@dataclass
class NginxServer:
    """nginx on 127.0.0.1:``port`` with deploy/nginx.conf, in front of ``upstream``."""

    folder: Path
    upstream: str
    server_name: str = "127.0.0.1"
    port: int = field(default_factory=free_port)
    compressor_port: int = field(default_factory=free_port)
    workers: str = "auto"
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def write_config(self) -> Path:
        """Render the site's file and the main configuration; returns the latter's path."""
        self.folder.mkdir(parents=True, exist_ok=True)
        site = render(
            {
                "SERVER_NAME": self.server_name,
                "LISTEN": f"127.0.0.1:{self.port}",
                "UPSTREAM": self.upstream,
                "COMPRESSOR": f"127.0.0.1:{self.compressor_port}",
                "CHECKOUT": str(PROJECT_ROOT),
                "CACHE_DIR": str(self.folder / "cache"),
                "ACCESS_LOG": str(self.folder / "access.log"),
            }
        )
        (self.folder / "danvan.conf").write_text(site, encoding="utf-8")
        main = self.folder / "nginx.conf"
        main.write_text(
            MAIN_CONF.format(dir=self.folder, workers=self.workers, mime_types=MIME_TYPES),
            encoding="utf-8",
        )
        return main

    def check(self) -> subprocess.CompletedProcess:
        """``nginx -t`` on the rendered configuration."""
        main = self.write_config()
        return subprocess.run(
            [NGINX, "-t", "-p", str(self.folder), "-c", str(main), "-e", "stderr"],
            capture_output=True,
            text=True,
            timeout=30,
        )

    def start(self, timeout: float = 15) -> NginxServer:
        """Start nginx and wait until its port accepts connections."""
        main = self.write_config()
        self.process = start_process(
            [NGINX, "-p", str(self.folder), "-c", str(main), "-e", str(self.folder / "error.log")],
            self.folder / "nginx.out",
            self._listening,
            timeout,
            self.read_log,
        )
        return self

    def _listening(self) -> bool:
        socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
        return True

    def stop(self, timeout: float = 15) -> None:
        """Stop nginx (SIGTERM: fast shutdown) and wait for it."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout)

    def read_log(self) -> str:
        parts = [self.folder / "nginx.out", self.folder / "error.log"]
        return "\n".join(path.read_text(errors="replace") for path in parts if path.exists())

    def clear_cache(self) -> None:
        """Forget every cached page (nginx must be stopped: it keeps an index in memory)."""
        shutil.rmtree(self.folder / "cache", ignore_errors=True)


@dataclass
class Answer:
    """One HTTP answer: status, headers (every Set-Cookie kept), body."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def cache_status(self) -> str | None:
        return self.headers.get("X-Cache-Status")

    @property
    def cookies(self) -> list[str]:
        return self.headers.get_all("Set-Cookie") or []


def ask(
    base: str,
    path: str,
    headers: dict[str, str] | None = None,
    method: str = "GET",
    body: bytes | None = None,
) -> Answer:
    """One request on a new connection as a browser without cookies (unless ``headers`` say)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, path, body, {"User-Agent": BROWSER_UA, **(headers or {})})
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        connection.close()
