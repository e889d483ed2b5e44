"""The "Thống kê truy cập" block every public page shows, from this app's caches.

The figures are read at most once per ``DANVAN_STATS_CACHE`` (≤ 15) seconds per process
(``stats.figures``), and the block is re-rendered only when they change (``stats.block``, one
rendering per kind of reader).

The block counts its own reader (``Figures.with_reader``), as the kind of reader the page is
for, not as the request says: a resident's page is shared by every resident (and may be kept by
a cache), so it always counts a guest, whoever's request (a crawler's too) rendered it; only a
signed-in staff member, whose page is their own, is counted as a member.
"""

from __future__ import annotations

from flask import current_app, render_template
from flask_login import current_user
from markupsafe import Markup

from ..core.caches import cache
from ..core.clock import utcnow
from ..core.cookie_sessions import has_session_cookie
from .counting import stats_store
from .figures import Figures, read_figures
from .models import GUEST, MEMBER


def current_figures() -> Figures:
    """The block's figures from the per-process cache."""
    return cache("stats.figures").get("figures", _read_figures)


def reader_kind() -> str | None:
    """The kind of reader this request's page is for: a member (signed-in staff) or a guest;
    None with counting off (the block shows the stored figures)."""
    if not current_app.config["STATS_ENABLED"]:
        return None
    if not has_session_cookie(current_app):
        return GUEST  # nobody is signed in: the session is not even opened to see
    return MEMBER if current_user.is_authenticated else GUEST


def statistics_block() -> Markup:
    """The rendered block, re-rendered only when the figures change (every page has it)."""
    figures, kind = current_figures(), reader_kind()
    blocks = cache("stats.block")
    cached = blocks.peek(kind)
    if cached is not None and cached[0] is figures:
        return cached[1]
    shown = figures.with_reader(kind) if kind else figures
    html = Markup(render_template("stats/_block.html", figures=shown))  # noqa: S704 - escaped
    blocks.put(kind, (figures, html))
    return html


def _read_figures() -> Figures:
    store, moment = stats_store(), utcnow()
    # A quiet site records no page views, so its expired presence rows go here.
    store.purge_if_due(moment)
    return read_figures(moment, store.online_window)
