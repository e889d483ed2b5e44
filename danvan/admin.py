"""The staff area (``/quan-tri/``): only signed-in staff reach it.

This module owns the blueprint, the checks every staff page shares and the dashboard; each task
of the staff area lives in its own module (admin_articles, admin_sidebar, admin_responses,
admin_accounts, media, audit) and adds its views to this blueprint when imported at the end.
"""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from .errors import render_error
from .extensions import db
from .models import Article
from .staff_sessions import current_session, prompt_context

bp = Blueprint("admin", __name__, url_prefix="/quan-tri")

NOT_ADMIN = "Chỉ quản trị viên mới được làm việc này."
FLASH_CATEGORY = "staff"


@bp.before_request
@login_required
def _staff_only() -> None:
    """Every page of the staff area needs a live staff session."""


@bp.after_request
def _never_cache(response):
    # Staff pages carry personal state and tokens: no shared or browser cache may keep them.
    response.headers["Cache-Control"] = "no-store"
    response.vary.add("HX-Request")
    return response


def admin_required(view):
    """Let only admins through; an editor gets 403 with a Vietnamese message."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            return render_error(403, NOT_ADMIN)
        return view(*args, **kwargs)
    return wrapped


def wants_fragment() -> bool:
    """True when HTMX asked, so the answer is a fragment rather than a page or a redirect."""
    return request.headers.get("HX-Request") == "true"


def staff_page(template: str, status: int = 200, **context):
    """Render a staff page with the idle prompt and the session's deadline."""
    body = render_template(template, **prompt_context(current_session()), **context)
    return body, status


def forget_article(article_id: int) -> None:
    """Drop any cached copy of the article's public page (the lead's page cache, when present)."""
    current_app.extensions.get("danvan_article_cache_clear", lambda *a: None)(article_id)


def dashboard_articles() -> list[Article]:
    """Every article, newest first, for the dashboard table."""
    return list(db.session.scalars(
        select(Article).order_by(Article.published_at.desc().nulls_last(), Article.id.desc())))


@bp.get("/")
def dashboard():
    """The dashboard: articles with their views and ratings, and links to edit them."""
    from .admin_responses import ratings_by_article

    articles = dashboard_articles()
    return staff_page("admin/dashboard.html", articles=articles,
                      ratings=ratings_by_article([article.id for article in articles]))


# The staff area's other pages add their views to ``bp`` when imported.
from . import (  # noqa: E402
    admin_accounts,  # noqa: F401
    admin_articles,  # noqa: F401
    admin_responses,  # noqa: F401
    admin_sidebar,  # noqa: F401
    audit_views,  # noqa: F401
    media,  # noqa: F401
)
