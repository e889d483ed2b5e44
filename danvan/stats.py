"""Visitor statistics: which requests count, the "Thống kê truy cập" block, its page and JSON.

What counts is decided here (only GET HTML page views that a person or a crawler asked for);
how it is stored is ``stats_store``. The block's figures come from a per-process cache of at most
``DANVAN_STATS_CACHE`` (15) seconds, so a page never scans the tables.
"""

from __future__ import annotations

import logging

import click
from flask import (
    Blueprint,
    Flask,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.cli import AppGroup
from flask_login import current_user
from markupsafe import Markup

from .bots import classify_user_agent, is_prefetch
from .cache import TTLCache
from .extensions import db
from .sidebar import current_sidebar
from .stats_store import (
    Figures,
    StatsStore,
    Visitor,
    now,
    set_legacy_total,
)

log = logging.getLogger("danvan.stats")

bp = Blueprint("stats", __name__)

# Requests that are never page views, whatever they answer. The sign-in page is the staff's
# door, not a page residents read: counting it would show each signing-in member as a guest too.
NOT_COUNTED_ENDPOINTS = {"static", "health.healthz", "stats.block", "stats.api", "auth.login",
                         "session.status"}


def _store() -> StatsStore:
    return current_app.extensions["danvan_stats"]


def current_visitor() -> Visitor | None:
    """Who is asking, computed once per request; None for prefetches (nobody looked yet)."""
    if "stats_visitor" in g:
        return g.stats_visitor
    visitor = None
    if not is_prefetch(request.headers):
        store, moment = _store(), now()
        user_agent = request.headers.get("User-Agent", "")
        agent = classify_user_agent(user_agent)
        if agent.search_engine:
            visitor = store.search_engine(agent.search_engine)
        elif agent.is_bot:
            visitor = store.bot(agent.bot_name)
        elif current_user.is_authenticated:
            visitor = store.member(current_user.get_id(), moment)
        else:
            visitor = store.guest(request.remote_addr or "", user_agent, moment)
    g.stats_visitor = visitor
    return visitor


def _counting() -> bool:
    """True when this request may count: counting is on and it is a real GET of a page."""
    return (current_app.config["STATS_ENABLED"] and request.method == "GET"
            and not request.headers.get("HX-Request")
            and request.endpoint not in NOT_COUNTED_ENDPOINTS)


def count_article_view(article_id: int) -> int | None:
    """+1 on the article's view count for this visitor (at most once per 30 min, never bots).

    Returns the new count when this view was counted, else None. Called by the article view
    before the page is put together, so the number shown includes this view.
    """
    if not _counting():
        return None
    try:
        visitor = current_visitor()
        if visitor is not None:
            return _store().count_article_view(visitor, article_id, now())
    except Exception:  # counting must never break the page
        log.exception("article view not counted")
        db.session.rollback()
    return None


def _count_page_view(response):
    if (response.status_code != 200 or response.mimetype != "text/html" or not _counting()):
        return response
    try:
        visitor = current_visitor()
        if visitor is not None:
            _store().record_page_view(visitor, now())
    except Exception:  # counting must never break the page
        log.exception("page view not counted")
        db.session.rollback()
    return response


def current_figures() -> Figures:
    """The block's figures from the per-process cache."""
    cache: TTLCache[Figures] = current_app.extensions["danvan_stats_cache"]
    return cache.get("figures", _read_figures)


def statistics_block() -> Markup:
    """The rendered block, re-rendered only when the cached figures change (every page has it)."""
    figures = current_figures()
    cached = current_app.extensions.get("danvan_stats_block")
    if cached is not None and cached[0] is figures:
        return cached[1]
    html = Markup(render_template("stats/_block.html", figures=figures))  # noqa: S704 - escaped
    current_app.extensions["danvan_stats_block"] = (figures, html)
    return html


def _read_figures() -> Figures:
    store, moment = _store(), now()
    # A quiet site records no page views, so its expired presence rows go here.
    store.purge_if_due(moment)
    return store.figures(moment)


@bp.get("/thong-ke")
def about():
    """"Về số liệu thống kê": what the figures mean and what is stored."""
    app = current_app
    return render_template("stats/about.html", sidebar=current_sidebar(),
                           online_minutes=app.config["ONLINE_WINDOW"] // 60 or 1,
                           online_seconds=app.config["ONLINE_WINDOW"])


@bp.get("/thong-ke/khoi")
def block():
    """The block alone, for its HTMX refresh; a plain request goes to the statistics page."""
    if not request.headers.get("HX-Request"):
        response = redirect(url_for("stats.about"), code=303)
    else:
        response = current_app.make_response(statistics_block())
    response.headers["Vary"] = "HX-Request"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/api/stats")
def api():
    """The block's figures as JSON, for audits and monitoring."""
    response = jsonify(current_figures().as_json())
    response.headers["Cache-Control"] = "no-store"
    return response


stats_cli = AppGroup("stats", help="Số liệu thống kê truy cập.")


@stats_cli.command("set-legacy-total")
@click.argument("total", type=click.IntRange(min=0))
def set_legacy_total_command(total: int) -> None:
    """Carry over the old site's visit total (added to "Tổng lượt truy cập")."""
    previous = set_legacy_total(total)
    current_app.extensions["danvan_stats_cache"].clear()
    if previous is None:
        click.echo(f"Đã đặt tổng lượt truy cập cũ: {total:,}.")
    else:
        click.echo(f"Đã thay tổng lượt truy cập cũ {previous:,} bằng {total:,}.")


@stats_cli.command("purge")
def purge_command() -> None:
    """Delete presence, idle visits and salts that have expired (runs by itself too)."""
    _store().purge(now())
    click.echo("Đã xóa dữ liệu hết hạn.")


def init_app(app: Flask) -> None:
    """Register the blueprint, the counting hook, the block's data and the ``stats`` commands."""
    app.extensions["danvan_stats"] = StatsStore(app, app.config["SECRET_KEY"],
                                                app.config["ONLINE_WINDOW"])
    app.extensions["danvan_stats_cache"] = TTLCache(ttl=min(app.config["STATS_CACHE"], 15))
    app.register_blueprint(bp)
    app.after_request(_count_page_view)
    app.jinja_env.globals.update(statistics_block=statistics_block,
                                 stats_refresh=app.config["STATS_REFRESH"])
    app.cli.add_command(stats_cli)
