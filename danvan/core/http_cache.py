"""What a shared cache (nginx, a CDN) may keep: anonymous public pages, with validators.

A view marked ``@shared_cacheable`` is a public page: for a request without the session cookie
its answer is the same bytes for every reader (per-reader state loads separately: the rating's
own-vote fragment, the counting beacon), so it goes out with

    Cache-Control: public, max-age=0, s-maxage=N, stale-while-revalidate=M

(``DANVAN_CACHE_SHARED_MAX_AGE``, ``DANVAN_CACHE_STALE``): browsers ask again every time, a shared
cache may answer for N seconds and then M more while it fetches a fresh copy. A 200 also gets
an ``ETag`` (a hash of the body) and ``Last-Modified`` (when this process first sent that body),
and a matching ``If-None-Match`` gets a 304 without the body.

A page is the same bytes for everyone for seconds at a time, so it is also compressed once per
body, not once per reader: a client that takes gzip gets the copy kept by the body's hash
(``http.gzipped``), with an ETag of its own and ``Vary: Accept-Encoding``. The article page goes
from 33 KB to about 8 KB on the wire, for a dictionary lookup.

A request that carries the session cookie (staff, someone who has just sent a form) gets
``private, no-store``, as does any answer that sets a cookie or that its view marked private:
nothing that belongs to one person is ever given to a shared cache.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from flask import Flask, Response, current_app, request, session
from werkzeug.http import http_date

from .assets import accepts_gzip
from .caches import cache
from .cookie_sessions import has_session_cookie

F = TypeVar("F", bound=Callable)

_FLAG = "danvan_shared_cacheable"
# Redirects and "not found" are the same for everyone too, and cheap to keep; errors are not.
CACHEABLE_STATUSES = frozenset({200, 301, 308, 404, 410})
CONDITIONAL_METHODS = frozenset({"GET", "HEAD"})
# Text worth compressing, and the size below which gzip's header costs more than it saves.
COMPRESSIBLE = frozenset({"text/html", "application/xml", "application/rss+xml", "text/plain"})
MIN_COMPRESSED_SIZE = 1024


def shared_cacheable(view: F) -> F:
    """Mark ``view`` as a public page a shared cache may keep (put under the route decorator)."""
    setattr(view, _FLAG, True)
    return view


def is_shared_cacheable(endpoint: str | None) -> bool:
    """True when the view of ``endpoint`` is marked ``@shared_cacheable``."""
    view = current_app.view_functions.get(endpoint or "")
    return bool(getattr(view, _FLAG, False))


def public_cache_control(config) -> str:
    """The Cache-Control of an anonymous public page under these settings."""
    return (
        f"public, max-age=0, s-maxage={config['CACHE_SHARED_MAX_AGE']}, "
        f"stale-while-revalidate={config['CACHE_STALE']}"
    )


def _is_personal(response: Response) -> bool:
    """True when this answer belongs to one person: a session, a cookie set, a private mark."""
    control = response.cache_control
    return bool(
        has_session_cookie(current_app)
        or session.modified
        or control.private
        or control.no_store
        or "Set-Cookie" in response.headers
    )


def _first_sent(etag: str) -> str:
    """When this process first sent the body with this ETag (now, for a new one), as an HTTP
    date: a Last-Modified that stays put while the bytes do."""
    return cache("http.first_sent").get(etag, lambda: http_date(datetime.now(UTC)))


def cache_headers(response: Response) -> Response:
    """``after_request``: public caching and validators for anonymous public pages, private
    ``no-store`` for the same pages asked for by someone with a session."""
    if request.method not in CONDITIONAL_METHODS or not is_shared_cacheable(request.endpoint):
        return response
    if _is_personal(response):
        response.headers["Cache-Control"] = "private, no-store"
        return response
    if response.status_code not in CACHEABLE_STATUSES or response.direct_passthrough:
        return response
    response.headers["Cache-Control"] = public_cache_control(current_app.config)
    if response.status_code == 200:
        _validators(response)
        if "HTTP_IF_NONE_MATCH" in request.environ or "HTTP_IF_MODIFIED_SINCE" in request.environ:
            response.make_conditional(request)  # werkzeug's check costs as much as the rest
    return response


def _validators(response: Response) -> None:
    """ETag and Last-Modified of this body, compressed first (once per body) when the client
    takes gzip and the view did not compress it itself (the sitemaps)."""
    data = response.get_data()
    etag = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    compressible = (
        response.mimetype in COMPRESSIBLE
        and "Content-Encoding" not in response.headers
        and len(data) >= MIN_COMPRESSED_SIZE
    )
    if compressible:
        response.vary.add("Accept-Encoding")
        if accepts_gzip():
            response.set_data(
                cache("http.gzipped").get(etag, lambda: gzip.compress(data, 6, mtime=0))
            )
            response.headers["Content-Encoding"] = "gzip"
            etag += "-gzip"  # another representation, another strong validator
    response.headers["ETag"] = f'"{etag}"'
    response.headers["Last-Modified"] = _first_sent(etag)


def init_app(app: Flask) -> None:
    """Send the caching headers. Registered with the core, before the features, so it runs
    after their ``after_request`` hooks (Flask runs them in reverse): it sees the cookies and
    the private marks they add."""
    app.after_request(cache_headers)
