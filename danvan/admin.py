"""The staff area (``/quan-tri/``): only signed-in staff reach it."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required
from sqlalchemy import select

from .extensions import db
from .models import Article
from .staff_sessions import current_session, prompt_context

bp = Blueprint("admin", __name__, url_prefix="/quan-tri")


@bp.before_request
@login_required
def _staff_only() -> None:
    """Every page of the staff area needs a live staff session."""


@bp.after_request
def _never_cache(response):
    # Staff pages carry personal state and tokens: no shared or browser cache may keep them.
    response.headers["Cache-Control"] = "no-store"
    return response


def staff_page(template: str, **context):
    """Render a staff page with the idle prompt and the session's deadline."""
    return render_template(template, **prompt_context(current_session()), **context)


def dashboard_articles() -> list[Article]:
    """Every article, newest first, for the dashboard table."""
    return list(db.session.scalars(
        select(Article).order_by(Article.published_at.desc().nulls_last(), Article.id.desc())))


@bp.get("/")
def dashboard():
    """The dashboard: articles with their views."""
    return staff_page("admin/dashboard.html", articles=dashboard_articles())
