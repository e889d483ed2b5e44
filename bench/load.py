"""Load generation: wrk when installed, else a small threaded Python client (slower, says so)."""

from __future__ import annotations

import http.client
import re
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)


@dataclass
class Result:
    """What one load run measured."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int = 0
    output: str = field(default="", repr=False)  # wrk's own report (its script's lines too)


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(
    url: str,
    connections: int,
    seconds: float,
    keep_alive: bool,
    script: Path | None = None,
    env: dict | None = None,
    headers: tuple[str, ...] = (),
) -> Result:
    """Run wrk with --latency and parse requests/s, p50, p99 and errors (``headers``: more
    request headers, ``"Name: value"``)."""
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "-H",
        f"User-Agent: {BROWSER_UA}",
    ]
    if not keep_alive:
        command += ["-H", "Connection: close"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(
        command + [url], capture_output=True, text=True, env=env, check=True, timeout=seconds + 60
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    # Anchored at line start: "+/- Stdev" columns elsewhere also end in "50%".
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE).group(1))
    errors = sum(
        int(n) for n in re.findall(r"(?:Non-2xx or 3xx responses|timeout)\s*:?\s*(\d+)", output)
    )
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), "
        r"timeout (\d+)",
        output,
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return Result(rate, p50, p99, errors, output)


def run_python(
    url: str, connections: int, seconds: float, keep_alive: bool, method: str = "GET", body_for=None
) -> Result:
    """A fallback load generator: ``connections`` threads with http.client for ``seconds``."""
    parts = urlsplit(url)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(index: int) -> None:
        connection = None
        mine: list[float] = []
        while time.monotonic() < deadline:
            if connection is None:
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            headers = {"User-Agent": BROWSER_UA}
            if not keep_alive:
                headers["Connection"] = "close"
            started = time.perf_counter()
            try:
                connection.request(method, parts.path or "/", headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
                connection = None
                continue
            mine.append((time.perf_counter() - started) * 1000)
            if not keep_alive:
                connection.close()
                connection = None
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if not latencies:
        return Result(0.0, 0.0, 0.0, errors[0])
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return Result(len(latencies) / elapsed, statistics.median(latencies), p99, errors[0])
