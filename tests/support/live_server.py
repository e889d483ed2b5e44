"""Start the site the way an operator does (``python app.py``) for tests against a real server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from danvan import PROJECT_ROOT

BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_process(
    command: list[str],
    log_path: Path,
    ready: Callable[[], bool],
    timeout: float,
    read_log: Callable[[], str],
    **popen: Any,
) -> subprocess.Popen:
    """Start ``command`` with its output appended to ``log_path`` and wait until ``ready()``
    (an ``OSError`` counts as not yet); a process that exits or is not ready in time is stopped
    and reported with ``read_log()``."""
    log = open(log_path, "ab")  # noqa: SIM115 - the process writes it until it stops
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, **popen)
    log.close()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{command[0]} exited early:\n{read_log()}")
        try:
            if ready():
                return process
        except OSError:
            pass
        time.sleep(0.05)
    process.kill()
    process.wait(15)
    raise RuntimeError(f"{command[0]} was not ready within {timeout}s:\n{read_log()}")


@dataclass
class LiveServer:
    """One ``python app.py`` process on 127.0.0.1; ``url`` is its base URL."""

    instance: Path
    env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> LiveServer:
        """Start the process and wait until ``/healthz`` answers 200."""
        self.instance.mkdir(parents=True, exist_ok=True)
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("DANVAN_") or key == "DANVAN_TEST_DATABASE_URL"
        }
        env.update({"DANVAN_INSTANCE_PATH": str(self.instance), "PYTHONUNBUFFERED": "1"})
        env.update(self.env)
        self.log_path = self.instance / f"server-{self.port}.log"
        self.process = start_process(
            [sys.executable, "app.py", "--host", "127.0.0.1", "--port", str(self.port)],
            self.log_path,
            self._healthy,
            timeout,
            self.read_log,
            cwd=PROJECT_ROOT,
            env=env,
        )
        return self

    def _healthy(self) -> bool:
        with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
            return response.status == 200

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> int | None:
        """Stop the process with ``sig`` and return its exit code."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(timeout)

    def read_log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path else ""
