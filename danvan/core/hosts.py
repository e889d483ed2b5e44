"""The site's own address (``DANVAN_SITE_URL``) and the refusal of requests for other hosts.

A request's Host header is the client's to choose, and so is an X-Forwarded-Host a proxy passes
on. Neither may decide an address written into a page: the article and home pages are shells
shared by every visitor for 30 s (``site/shells.py``), so one request could otherwise point
everyone's canonical link at another site. Absolute URLs are therefore built here from the
setting alone, and, when it is set, Flask's ``TRUSTED_HOSTS`` (filled by ``config.py``) refuses
every other host with the Vietnamese 400 page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, request, url_for
from flask.globals import request_ctx
from werkzeug.exceptions import SecurityError
from werkzeug.routing import MapAdapter


def site_adapter(app: Flask | None = None) -> MapAdapter | None:
    """URL building bound to ``DANVAN_SITE_URL`` (never to a request), or None when unset."""
    app = app or current_app
    site_url = app.config.get("SITE_URL")
    if not site_url:
        return None
    parts = urlsplit(site_url)
    return app.url_map.bind(parts.netloc, url_scheme=parts.scheme)


def site_url_for(endpoint: str, **values: Any) -> str | None:
    """The absolute URL of ``endpoint`` at ``DANVAN_SITE_URL``, or None when it is not set."""
    adapter = site_adapter()
    if adapter is None:
        return None
    current_app.inject_url_defaults(endpoint, values)
    return adapter.build(endpoint, values, force_external=True)


def canonical_url_for(endpoint: str, **values: Any) -> str:
    """The absolute URL at ``DANVAN_SITE_URL``; without the setting, the path alone.

    A site that has not been told its address does not know it, and must not learn it from the
    request: a path is a valid canonical link and is right whatever host the page is read on.
    """
    return site_url_for(endpoint, **values) or url_for(endpoint, **values)


def _refuse_other_hosts() -> None:
    error = request.routing_exception
    if isinstance(error, SecurityError):
        # Flask built no URL adapter for a refused host, and the error page's links need one:
        # give it the site's own, so even this page names no other host.
        request_ctx.url_adapter = site_adapter()
        raise error


def init_app(app: Flask) -> None:
    """Refuse a request for a host outside ``TRUSTED_HOSTS`` before any other hook runs."""
    # First of all ``before_request`` hooks, so that nothing (staff sessions, rate limits,
    # statistics) acts on a request that is refused; the error handlers then render the 400.
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_other_hosts)
    app.jinja_env.globals.update(
        site_url=app.config.get("SITE_URL"), canonical_url_for=canonical_url_for
    )
