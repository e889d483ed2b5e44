"""Serving with waitress on every core: several processes sharing one listening socket.

One waitress process runs Python on one core at a time (the GIL), so on a machine with several
cores ``python app.py`` forks one waitress process per core (the pre-fork model of gunicorn, kept
with waitress because it also runs on Windows). Where ``os.fork`` does not exist (Windows) or
``DANVAN_WORKERS=1``, it serves from a single process. The parent only supervises: it restarts a
worker that dies and passes SIGTERM / Ctrl-C on to all of them.

Each worker gets a listening socket of its own on the same port (SO_REUSEPORT), so that the
kernel spreads connections evenly: with one shared socket, the worker that happened to wake
first took 46 of 50 keep-alive connections and the other core idled (measured with ``ss``).
Where SO_REUSEPORT does not balance (not Linux), the workers share one socket. The parent keeps
every socket open, so connections that arrive while a worker restarts wait for its successor.
A worker whose supervisor was killed hard (SIGKILL, the OOM killer) stops by itself, so nothing
keeps the port after the site is gone.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable

from flask import Flask

from ..core.shutdown import run_shutdown_hooks

log = logging.getLogger("danvan.server")

STOP_GRACE = 10.0  # seconds a worker has to finish after SIGTERM before it is killed
CRASH_WINDOW = 2.0  # a worker that dies sooner than this after starting counts as a crash loop
MAX_FAST_CRASHES = 5
ORPHAN_CHECK = 0.5  # seconds between a worker's checks that its supervisor still runs


def default_workers() -> int:
    """One worker per core where fork exists, else one."""
    if not hasattr(os, "fork"):
        return 1
    return max(
        1,
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1),
    )


def listen(host: str, port: int, backlog: int = 2048, reuse_port: bool = False) -> socket.socket:
    """Open a listening socket (one of a SO_REUSEPORT group when ``reuse_port``)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.create_server((host, port), family=family, backlog=backlog, reuse_port=reuse_port)
    sock.set_inheritable(True)
    return sock


def balanced_reuse_port() -> bool:
    """True where SO_REUSEPORT spreads connections across sockets (Linux)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def worker_sockets(host: str, port: int, workers: int) -> list[socket.socket]:
    """One listening socket per worker: its own where the kernel balances, else a shared one."""
    if balanced_reuse_port():
        return [listen(host, port, reuse_port=True) for _ in range(workers)]
    return [listen(host, port)] * workers


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def stop_when_orphaned(supervisor: int, interval: float = ORPHAN_CHECK) -> threading.Thread:
    """Stop this worker, as SIGTERM does, as soon as its parent is no longer ``supervisor``.

    A supervisor killed with SIGKILL cannot pass the stop on. Its workers would serve on,
    unsupervised, and keep the listening socket, so the restarted site could not bind its port.
    Polling the parent id works wherever fork does (Linux's PR_SET_PDEATHSIG does not).
    """

    def watch() -> None:
        while os.getppid() == supervisor:
            time.sleep(interval)
        log.warning("supervisor %s is gone; this worker stops", supervisor)
        os.kill(os.getpid(), signal.SIGTERM)

    thread = threading.Thread(target=watch, name="danvan-orphan-watch", daemon=True)
    thread.start()
    return thread


def run_waitress(app: Flask, sock: socket.socket, threads: int) -> None:
    """Serve ``app`` on ``sock`` until interrupted (KeyboardInterrupt, or SIGTERM)."""
    from waitress import serve

    # waitress stops cleanly on KeyboardInterrupt; make SIGTERM (systemd) do the same.
    signal.signal(signal.SIGTERM, _interrupt)
    # Under load waitress logs "Task queue depth is N" for every queued request: a log line per
    # request, at the worst moment. Queueing shows in the latency figures instead.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    try:
        with contextlib.suppress(KeyboardInterrupt):
            serve(
                app,
                sockets=[sock],
                threads=threads,
                ident="danvan",
                # Keep-alive clients hold a channel each; allow many before refusing.
                connection_limit=1000,
                channel_timeout=60,
                cleanup_interval=15,
                # waitress deletes X-Forwarded-* headers by default; behind DANVAN_PROXIES
                # proxies, ProxyFix must see them (it trusts only the last N hops), or every
                # resident would have nginx's address and share one rate limit.
                clear_untrusted_proxy_headers=not app.config.get("PROXIES"),
            )
    finally:
        run_shutdown_hooks(app)


def serve(make_app: Callable[[], Flask], host: str, port: int, threads: int, workers: int) -> None:
    """Serve the site from ``workers`` processes (1 = this process) until told to stop."""
    if workers <= 1 or not hasattr(os, "fork"):
        sock = listen(host, port)
        app = make_app()
        log.info("serving on http://%s:%s, 1 process, %s threads", host, port, threads)
        run_waitress(app, sock, threads)
        log.info("stopped")
        return
    Supervisor(make_app, worker_sockets(host, port, workers), threads).run(host, port)


class Supervisor:
    """Forks the workers, restarts those that die, and stops them all on SIGTERM / SIGINT."""

    def __init__(
        self, make_app: Callable[[], Flask], sockets: list[socket.socket], threads: int
    ) -> None:
        self.make_app, self.sockets, self.threads = make_app, sockets, threads
        self.children: dict[int, tuple[int, float]] = {}  # pid -> (socket index, start time)
        self.stopping = False
        self.fast_crashes = 0

    def spawn(self, index: int) -> None:
        """Fork the worker for socket ``index``; in the child, serve until stopped, then exit."""
        supervisor = os.getpid()
        pid = os.fork()
        if pid == 0:  # the worker
            # First thing: a signal must stop this worker, not run the supervisor's handler.
            signal.signal(signal.SIGTERM, _interrupt)
            signal.signal(signal.SIGINT, _interrupt)
            mine = self.sockets[index]
            for other in self.sockets:
                if other is not mine:
                    other.close()
            stop_when_orphaned(supervisor)
            code = 0
            try:
                run_waitress(self.make_app(), mine, self.threads)
            except KeyboardInterrupt:
                pass  # stopped while still starting
            except BaseException:
                log.exception("worker failed")
                code = 1
            finally:
                logging.shutdown()
                os._exit(code)
        self.children[pid] = (index, time.monotonic())

    def stop(self, signum, frame) -> None:
        """SIGTERM or SIGINT: stop every worker; kill those still running after the grace period."""
        if self.stopping:
            return
        self.stopping = True
        for pid in list(self.children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        # A worker stuck in its shutdown (a request that never ends, a lock) must not keep the
        # site from stopping: after the grace period it is killed.
        timer = threading.Timer(STOP_GRACE, self._kill_remaining)
        timer.daemon = True  # it must not keep a supervisor that has nothing left to wait for
        timer.start()

    def _kill_remaining(self) -> None:
        for pid in list(self.children):
            log.error("worker %s did not stop within %ss; killing it", pid, STOP_GRACE)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def run(self, host: str, port: int) -> None:
        """Start the workers, restart any that dies, and return once all have stopped."""
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        for index in range(len(self.sockets)):
            self.spawn(index)
        log.info(
            "serving on http://%s:%s, %s processes x %s threads (supervisor pid %s)",
            host,
            port,
            len(self.sockets),
            self.threads,
            os.getpid(),
        )
        while self.children:
            try:
                pid, status = os.wait()
            except ChildProcessError:
                break
            except InterruptedError:
                continue
            child = self.children.pop(pid, None)
            if self.stopping or child is None:
                continue
            index, started = child
            lived = time.monotonic() - started
            self.fast_crashes = self.fast_crashes + 1 if lived < CRASH_WINDOW else 0
            log.error(
                "worker %s exited (status %s) after %.1fs; starting another", pid, status, lived
            )
            if self.fast_crashes >= MAX_FAST_CRASHES:
                log.critical("workers keep crashing at start; stopping")
                self.stop(signal.SIGTERM, None)
                sys.exit(1)
            self.spawn(index)
        for sock in set(self.sockets):
            sock.close()
        log.info("stopped")
