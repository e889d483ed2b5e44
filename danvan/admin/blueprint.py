"""The staff area's blueprint (``/quan-tri/``) and what every staff screen shares: only
signed-in staff get in, nothing is cached, admins-only screens say so, and every page carries
the idle prompt."""

from __future__ import annotations

from functools import wraps
from typing import Any

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from ..core.errors import render_error
from ..core.htmx import vary_on_htmx
from ..staff.session_views import prompt_context
from ..staff.sessions import current_session

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
    return vary_on_htmx(response)


def admin_required(view):
    """Let only admins through; an editor gets 403 with a Vietnamese message."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            return render_error(403, NOT_ADMIN)
        return view(*args, **kwargs)

    return wrapped


def staff_page(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    """Render a staff page with the idle prompt and the session's deadline."""
    state = current_session()
    if state is None:  # the blueprint's login check lets no request without one get here
        raise RuntimeError("a staff page without a staff session")
    body = render_template(template, **prompt_context(state), **context)
    return body, status
