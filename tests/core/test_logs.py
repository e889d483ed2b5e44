"""Logs: one line per event, each with its level and the request id, tracebacks included."""

import contextlib
import io
import logging
import re

import pytest

from danvan.core.logs import make_handler, network_of
from tests.support.live_clients import EVENT_LINE


@contextlib.contextmanager
def captured_logs():
    """What the ``danvan`` loggers write meanwhile, through the site's own handler."""
    stream = io.StringIO()
    handler = make_handler(stream)
    logger = logging.getLogger("danvan")
    logger.addHandler(handler)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)


def test_an_unhandled_error_is_one_line_with_level_and_request_id(app):
    @app.get("/_boom")
    def boom():
        raise RuntimeError("hỏng\nthật")

    with captured_logs() as stream:
        response = app.test_client().get("/_boom", headers={"X-Request-ID": "abc123"})
    assert response.status_code == 500
    assert response.headers["X-Request-ID"] == "abc123"
    error, request = stream.getvalue().splitlines()
    assert re.fullmatch(EVENT_LINE, error) and re.fullmatch(EVENT_LINE, request)
    assert (
        " ERROR [abc123] danvan.errors: unhandled error\\nTraceback (most recent call last):"
        in error
    )
    assert error.endswith("RuntimeError: hỏng\\nthật")
    assert ' INFO [abc123] danvan.request: 127.0.0.0 "GET /_boom" 500 ' in request


def test_a_forged_request_id_is_replaced(app):
    with captured_logs() as stream:
        response = app.test_client().get("/healthz", headers={"X-Request-ID": "x] ERROR fake"})
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{12}", request_id)
    assert f"[{request_id}] danvan.request:" in stream.getvalue()


@pytest.mark.parametrize(
    ("address", "logged"),
    [
        ("203.0.113.7", "203.0.113.0"),
        ("2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3::"),
        ("::ffff:198.51.100.23", "198.51.100.0"),
        ("unix-socket", "-"),
        ("", "-"),
    ],
)
def test_addresses_are_logged_as_their_network(address, logged):
    assert network_of(address) == logged
