"""Logging: one readable line per request and per event on stdout, each with a request id."""

from __future__ import annotations

import ipaddress
import logging
import sys
import time
import uuid

from flask import Flask, g, has_request_context, request

request_log = logging.getLogger("danvan.request")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


LINE_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


class OneLineFormatter(logging.Formatter):
    """One event, one line: line breaks in a message or a traceback are written as ``\\n``,
    so that journald, grep and log shippers never split an event or mix two."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r", "\\r").replace("\n", "\\n")


def make_handler(stream=None) -> logging.Handler:
    """A handler writing one-line events with level and request id to ``stream`` (stdout)."""
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(OneLineFormatter(LINE_FORMAT))
    return handler


def configure_logging(level: str) -> None:
    """Send the ``danvan`` loggers to stdout, one line per event, with level and request id.

    Other libraries' warnings (waitress, Flask-Limiter, SQLAlchemy) get the same shape through
    the root logger, unless something (an operator's set-up, pytest) configured it already.
    """
    logger = logging.getLogger("danvan")
    if getattr(logger, "_danvan_configured", False):
        logger.setLevel(level.upper())
        return
    logger.addHandler(make_handler())
    logger.setLevel(level.upper())
    logger.propagate = False
    logger._danvan_configured = True  # type: ignore[attr-defined]
    root = logging.getLogger()
    if not root.handlers:
        # Also keeps waitress from adding its own multi-line handler (logging.basicConfig).
        root.addHandler(make_handler())


def network_of(address: str | None) -> str:
    """The network an address belongs to, as logged by default: an IPv4 address's /24
    (``203.0.113.0``), an IPv6 address's /48; ``-`` for anything that is not an address.

    Enough to follow an attack or a misbehaving proxy, not enough to name a household.
    """
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return "-"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


def init_app(app: Flask) -> None:
    """Give each request an id and log it when the response is ready."""
    configure_logging(app.config["LOG_LEVEL"])
    client = (lambda address: address or "-") if app.config["LOG_FULL_ADDRESSES"] else network_of

    @app.before_request
    def _start_request() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        # Accept a proxy's id only if it is short and plain, so it cannot forge log lines.
        trusted = incoming.isalnum() and len(incoming) <= 64
        g.request_id = incoming if trusted else uuid.uuid4().hex[:12]
        g.request_started = time.perf_counter()

    @app.after_request
    def _log_request(response):
        started = g.get("request_started")
        elapsed_ms = (time.perf_counter() - started) * 1000 if started else 0.0
        response.headers["X-Request-ID"] = g.get("request_id", "-")
        request_log.info(
            '%s "%s %s" %s %s %.1fms',
            client(request.remote_addr),
            request.method,
            request.full_path.rstrip("?"),
            response.status_code,
            response.calculate_content_length() or "-",
            elapsed_ms,
        )
        return response
