"""Versioned static URLs: ``url_for('static', ...)`` gains ``?v=<content hash>``.

A URL that changes whenever the file changes can be cached by browsers for a year
(``immutable``); an unversioned request keeps the short default lifetime.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, request

HTMX_FILE = "vendor/htmx-4.0.1.min.js"
# sha384 of static/vendor/htmx-4.0.1.min.js, as published in the htmx.org 4.0.1 npm package.
HTMX_INTEGRITY = "sha384-Qp9rdC8H7EqOoX+nR0P3RPG2Noji+qdwJlGpfzwQJsfOpp3sGwIdSP9xO3+UlEhn"

ONE_YEAR = 365 * 24 * 3600


@lru_cache(maxsize=512)
def file_version(static_folder: str, filename: str) -> str | None:
    """A short hash of a static file's content, or None when the file does not exist.

    Cached for the life of the process: static files change only with a deploy, which restarts
    it. (In debug mode the cache is cleared on every request; see init_app.)
    """
    try:
        data = (Path(static_folder) / filename).read_bytes()
    except OSError:
        return None
    return hashlib.sha256(data).hexdigest()[:12]


INLINE_SVG_LIMIT = 4096  # bytes; a larger image is worth its own (cacheable) request


@lru_cache(maxsize=64)
def inline_svg(static_folder: str, filename: str, version: str | None) -> str | None:
    """A small static SVG as a ``data:`` URI, or None for other or larger files.

    The sample banners are four SVGs of about 2 KB: fetched one by one they were half the
    requests of a first visit (BENCHMARKS.md); inline they cost a few KB of HTML instead.
    """
    if not filename.endswith(".svg") or version is None:
        return None
    data = (Path(static_folder) / filename).read_bytes()
    if len(data) > INLINE_SVG_LIMIT:
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")


COMPRESSIBLE = {
    "text/css",
    "text/javascript",
    "application/javascript",
    "image/svg+xml",
    "application/json",
    "text/plain",
}


@lru_cache(maxsize=128)
def gzipped(static_folder: str, filename: str, version: str | None) -> bytes:
    """The gzip of a static file, compressed once per process and version (level 9: once)."""
    data = (Path(static_folder) / filename).read_bytes()
    return gzip.compress(data, compresslevel=9, mtime=0)


def accepts_gzip() -> bool:
    """True when the client said it takes gzip (q=0 excluded)."""
    return request.accept_encodings["gzip"] > 0


def init_app(app: Flask) -> None:
    """Version static URLs and give versioned responses a long cache lifetime."""

    @app.url_defaults
    def _add_static_version(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values and app.static_folder:
            version = file_version(app.static_folder, values.get("filename", ""))
            if version:
                values["v"] = version

    if app.debug:
        app.before_request(file_version.cache_clear)

    @app.after_request
    def _cache_and_compress_static(response):
        if request.endpoint != "static" or response.status_code != 200:
            return response
        if request.args.get("v"):
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.immutable = True
        if response.mimetype in COMPRESSIBLE:
            response.vary.add("Accept-Encoding")
            if accepts_gzip():
                filename = (request.view_args or {}).get("filename", "")
                body = gzipped(
                    app.static_folder, filename, file_version(app.static_folder, filename)
                )
                if hasattr(response.response, "close"):
                    response.response.close()  # the file send_file opened
                response.direct_passthrough = False
                response.set_data(body)
                response.headers["Content-Encoding"] = "gzip"
                # The ETag names the uncompressed file; Last-Modified still validates.
                del response.headers["ETag"]
        return response

    app.jinja_env.globals.update(htmx_file=HTMX_FILE, htmx_integrity=HTMX_INTEGRITY)
