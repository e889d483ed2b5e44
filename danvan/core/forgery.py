"""Cross-site request forgery: refused by what the browser says about where a request came from.

Residents vote (and write to the committee) from pages a shared cache served, so those pages
carry no token and the resident no cookie (``http_cache.py``). What protects their forms is the
browser itself (OWASP's Fetch Metadata defence; Go's ``http.CrossOriginProtection`` is the
reference): every browser of the last years sends ``Sec-Fetch-Site`` with a form or fetch, and
older ones send ``Origin`` with a POST. So an unsafe request (anything but GET, HEAD, OPTIONS) is
refused with a Vietnamese 403, before any view runs, when

- ``Sec-Fetch-Site`` is sent and is neither ``same-origin`` nor ``none`` (typed by the user), or
- it is not sent, ``Origin`` is, and it is neither this site's address (``DANVAN_SITE_URL``) nor
  the address the request was sent to.

A request with neither header is not from a browser (a script, a test client), which forgery
needs, and goes on. This holds for every form of the site; staff forms, whose pages are never
shared, also keep Flask-WTF's token, and ``@cookieless_form`` views (the vote, the contact form)
ask the token of signed-in staff too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar
from urllib.parse import urlsplit

from flask import Flask, current_app, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from werkzeug.exceptions import Forbidden

from ..extensions import csrf

F = TypeVar("F", bound=Callable)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SAME_ORIGIN_FETCHES = frozenset({"same-origin", "none"})
CROSS_SITE_MESSAGE = (
    "Yêu cầu này được gửi từ một trang web khác nên không được chấp nhận. "
    "Vui lòng mở trang trên Cổng thông tin rồi thử lại."
)


class CrossSiteRequest(Forbidden):
    """A state-changing request another site's page made the browser send."""

    vietnamese = CROSS_SITE_MESSAGE


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def allowed_origins() -> set[str]:
    """The origins a form of this site may come from: its public address, and the address this
    request was sent to (an alias in ``DANVAN_TRUSTED_HOSTS``, a port on a test machine)."""
    origins = {_origin_of(request.host_url)}
    if current_app.config.get("SITE_URL"):
        origins.add(_origin_of(current_app.config["SITE_URL"]))
    return origins


def is_cross_site() -> bool:
    """True when this request's browser says it came from another site's page."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site.strip().lower() not in SAME_ORIGIN_FETCHES
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    return origin.strip().lower() not in allowed_origins()


def refuse_cross_site() -> None:
    """``before_request``: refuse an unsafe request another site's page sent (403)."""
    if request.method not in SAFE_METHODS and is_cross_site():
        raise CrossSiteRequest()


def cookieless_form(view: F) -> F:
    """Mark ``view`` as a form residents send from a shared (cached) page: no token is asked of
    them, the Fetch Metadata check above protects it; signed-in staff still send the token."""

    @wraps(view)
    def checked(*args, **kwargs):
        if current_user.is_authenticated:
            csrf.protect()  # raises CSRFError, which the view's blueprint answers
        return view(*args, **kwargs)

    csrf.exempt(checked)
    return checked  # type: ignore[return-value]


def form_token() -> str:
    """The CSRF token for this request's forms: only signed-in staff get one (their pages are
    never shared); a resident's page has none, so it is the same for every resident."""
    return generate_csrf() if current_user.is_authenticated else ""


def init_app(app: Flask) -> None:
    """Check every unsafe request's origin; give templates ``form_token()``."""
    app.before_request(refuse_cross_site)
    app.jinja_env.globals["form_token"] = form_token
