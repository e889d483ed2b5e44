"""The "Thống kê truy cập" block every public page shows, from this app's caches.

The figures are read at most once per ``DANVAN_STATS_CACHE`` (≤ 15) seconds per process
(``stats.figures``), and the block is re-rendered only when they change (``stats.block``).
"""

from __future__ import annotations

from flask import current_app, render_template
from markupsafe import Markup

from ..core.caches import cache
from ..core.clock import utcnow
from .counting import current_visitor, stats_store
from .figures import Figures, read_figures


def current_figures() -> Figures:
    """The block's figures from the per-process cache."""
    return cache("stats.figures").get("figures", _read_figures)


def reader_figures() -> Figures:
    """The cached figures with this request's reader in them (``Figures.with_reader``)."""
    figures = current_figures()
    if not current_app.config["STATS_ENABLED"]:
        return figures
    visitor = current_visitor()
    return figures if visitor is None else figures.with_reader(visitor.kind)


def statistics_block() -> Markup:
    """The rendered block, re-rendered only when the figures change (every page has it)."""
    figures = reader_figures()
    blocks = cache("stats.block")
    cached = blocks.peek("block")
    if cached is not None and cached[0] is figures:
        return cached[1]
    html = Markup(render_template("stats/_block.html", figures=figures))  # noqa: S704 - escaped
    blocks.put("block", (figures, html))
    return html


def _read_figures() -> Figures:
    store, moment = stats_store(), utcnow()
    # A quiet site records no page views, so its expired presence rows go here.
    store.purge_if_due(moment)
    return read_figures(moment, store.online_window)
