"""Logging: one readable line per request and per event on stdout, each with a request id."""

from __future__ import annotations

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


def configure_logging(level: str) -> None:
    """Send the ``danvan`` loggers to stdout, one line per event, with level and request id."""
    logger = logging.getLogger("danvan")
    if getattr(logger, "_danvan_configured", False):
        logger.setLevel(level.upper())
        return
    handler = logging.StreamHandler(sys.stdout)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level.upper())
    logger.propagate = False
    logger._danvan_configured = True  # type: ignore[attr-defined]


def init_app(app: Flask) -> None:
    """Give each request an id and log it when the response is ready."""
    configure_logging(app.config["LOG_LEVEL"])

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
            '%s "%s %s" %s %s %.1fms', request.remote_addr, request.method,
            request.full_path.rstrip("?"), response.status_code,
            response.calculate_content_length() or "-", elapsed_ms,
        )
        return response
