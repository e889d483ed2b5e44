"""Who is asking (a guest, a signed-in staff member, a search engine, another bot), and
counting bots' page views.

People are counted only by the beacon (``beacon.py``): the page itself may come from a cache.
Bots are counted here, from GET requests of HTML pages; htmx refreshes, prefetches, the
statistics endpoints themselves and the sign-in page never count. How the counts are stored
is ``store.py``.
"""

from __future__ import annotations

import logging

from flask import Response, current_app, g, request
from flask_login import current_user

from ..core.bots import classify_user_agent, is_prefetch
from ..core.clock import utcnow
from ..core.htmx import is_htmx
from ..extensions import db
from .store import StatsStore, Visitor

log = logging.getLogger("danvan.stats")

STORE_KEY = "danvan.stats_store"

# Requests that are never page views, whatever they answer. The sign-in page is the staff's
# door, not a page residents read: counting it would show each signing-in member as a guest too.
NOT_COUNTED_ENDPOINTS = {
    "static",
    "health.healthz",
    "stats.block",
    "stats.api",
    "stats.beacon",
    "auth.login",
    "session.status",
}


def stats_store() -> StatsStore:
    """This app's statistics store."""
    return current_app.extensions[STORE_KEY]


def current_visitor() -> Visitor | None:
    """Who is asking, computed once per request; None for prefetches (nobody looked yet)."""
    if "stats_visitor" in g:
        return g.stats_visitor
    visitor = None
    if not is_prefetch(request.environ):
        store, moment = stats_store(), utcnow()
        user_agent = request.headers.get("User-Agent", "")
        agent = classify_user_agent(user_agent)
        if agent.search_engine:
            visitor = store.search_engine(agent.search_engine)
        elif agent.is_bot:
            visitor = store.bot(agent.bot_name)
        elif may_be_staff() and current_user.is_authenticated:
            visitor = store.member(current_user.get_id(), moment)
        else:
            visitor = store.guest(request.remote_addr or "", user_agent, moment)
    g.stats_visitor = visitor
    return visitor


def may_be_staff() -> bool:
    """False when the request carries no session cookie: then nobody is signed in, and the
    session is not opened to find that out (opening it would make the answer vary on Cookie)."""
    return "HTTP_COOKIE" in request.environ and (
        current_app.config["SESSION_COOKIE_NAME"] in request.cookies
    )


def _counting() -> bool:
    """True when this request may count: counting is on and it is a real GET of a page."""
    return (
        current_app.config["STATS_ENABLED"]
        and request.method == "GET"
        and not is_htmx()
        and request.endpoint not in NOT_COUNTED_ENDPOINTS
    )


def count_page_view(response: Response) -> Response:
    """``after_request``: count a bot's or a search engine's view of an HTML page.

    People are counted by the beacon their page embeds (``beacon.py``): the page itself may
    be answered by a cache and never reach the site. Bots load no images (or would be told
    apart from people only here), so their page requests are what counts them.
    """
    if response.status_code != 200 or response.mimetype != "text/html" or not _counting():
        return response
    if not classify_user_agent(request.headers.get("User-Agent", "")).is_bot:
        return response  # a person: the beacon counts them (no visitor key to compute here)
    try:
        visitor = current_visitor()
        if visitor is not None and not visitor.is_person:
            stats_store().record_page_view(visitor, utcnow())
    except Exception:  # counting must never break the page
        log.exception("page view not counted")
        db.session.rollback()
    return response
