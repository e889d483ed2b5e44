"""Visitor statistics ("Thống kê truy cập"): who is online, visits today, this month and in all.

No raw address or User-Agent is stored: visitors are keyed by an HMAC with a random salt per
Vietnam day (``store.py``); guests are counted by a beacon image (``beacon.py``), bots and staff
by their page requests (``counting.py``), exactly across processes (``writer.py``, ``claims.py``).
"""

from __future__ import annotations

from flask import Flask

from . import beacon, views
from .block import statistics_block
from .cli import stats_cli
from .counting import STORE_KEY, count_page_view
from .store import StatsStore


def init_app(app: Flask) -> None:
    """Give the app its store, count page views, serve the pages and the beacon, offer the
    block and the beacon's address to every template and register the ``flask stats``
    commands."""
    app.extensions[STORE_KEY] = StatsStore(
        app, app.config["SECRET_KEY"], app.config["ONLINE_WINDOW"]
    )
    app.register_blueprint(views.bp)
    app.after_request(count_page_view)
    app.jinja_env.globals.update(
        statistics_block=statistics_block,
        stats_refresh=app.config["STATS_REFRESH"],
        beacon_url=beacon.beacon_url,
    )
    app.cli.add_command(stats_cli)
