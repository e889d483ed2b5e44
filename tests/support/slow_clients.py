"""Slow clients (slowloris): sockets that send a request's headers one byte at a time."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

REQUEST = b"GET / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: slow\r\nX-Padding: " + b"a" * 200


@contextlib.contextmanager
def slow_clients(url: str, count: int, seconds: float, interval: float = 1.0) -> Iterator[list]:
    """Hold ``count`` connections to ``url`` that each send one byte every ``interval`` seconds,
    never finishing their headers, for at most ``seconds``; closed on leaving the block.
    Yields the list of sockets that connected."""
    parts = urlsplit(url)
    sockets = []
    for _ in range(count):
        sock = socket.create_connection((parts.hostname, parts.port), timeout=5)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sockets.append(sock)
    stop = threading.Event()

    def trickle() -> None:
        deadline = time.monotonic() + seconds
        position = 0
        while not stop.is_set() and time.monotonic() < deadline and position < len(REQUEST):
            for sock in sockets:
                with contextlib.suppress(OSError):
                    sock.send(REQUEST[position : position + 1])
            position += 1
            stop.wait(interval)

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        yield sockets
    finally:
        stop.set()
        thread.join(timeout=5)
        for sock in sockets:
            sock.close()
