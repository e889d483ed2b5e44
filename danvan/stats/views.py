"""The statistics pages: ``/thong-ke`` (what the figures mean), the block's htmx refresh and
its JSON twin."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, url_for

from ..core.htmx import is_htmx, vary_on_htmx
from ..core.http_cache import shared_cacheable
from ..site.sidebar import current_sidebar
from .block import current_figures, statistics_block

bp = Blueprint("stats", __name__)


@bp.get("/thong-ke")
@shared_cacheable
def about():
    """ "Về số liệu thống kê": what the figures mean and what is stored."""
    app = current_app
    return render_template(
        "stats/about.html",
        sidebar=current_sidebar(),
        online_minutes=app.config["ONLINE_WINDOW"] // 60 or 1,
        online_seconds=app.config["ONLINE_WINDOW"],
    )


@bp.get("/thong-ke/khoi")
def block():
    """The block alone, for its HTMX refresh; a plain request goes to the statistics page."""
    if not is_htmx():
        response = redirect(url_for("stats.about"), code=303)
    else:
        response = current_app.make_response(statistics_block())
    vary_on_htmx(response)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/api/stats")
def api():
    """The block's figures as JSON, for audits and monitoring."""
    # The stored figures, for audits: the block also counts its own reader (with_reader).
    response = jsonify(current_figures().as_json())
    response.headers["Cache-Control"] = "no-store"
    return response
