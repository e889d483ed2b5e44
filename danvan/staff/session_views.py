"""The session endpoints behind the idle prompt, and what a request without a session gets.

``GET /session/status`` is passive (it never extends the session); ``POST /session/keepalive``
is the prompt's "stay signed in". Both answer htmx with the prompt fragment and a plain request
with a small page, so the prompt works without JavaScript too.
"""

from __future__ import annotations

import math

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for

from ..core.clock import local_time, utcnow
from ..core.htmx import HX_REQUEST, is_htmx
from ..core.urls import safe_next
from ..extensions import csrf
from .sessions import SessionState, current_session, extend_session

bp = Blueprint("session", __name__)


def signed_out_url(reason: str | None = None, next_path: str | None = None) -> str:
    """The sign-in page, saying why the session ended (when it is known)."""
    reason = reason or g.get("staff_end_reason")
    return url_for("auth.login", reason=reason, next=next_path)


def signed_out_response(next_path: str | None = None):
    """What a request without a live session gets on a staff-only address.

    HTMX requests get 401 with ``HX-Redirect`` (never the sign-in page swapped into a fragment);
    others a 303 to the sign-in page.
    """
    target = signed_out_url(next_path=next_path)
    if is_htmx():
        body = render_template("staff/_signed_out.html", reason=g.get("staff_end_reason"))
        return body, 401, {"HX-Redirect": target, "Vary": HX_REQUEST, "Cache-Control": "no-store"}
    response = redirect(target, code=303)
    response.headers["Vary"] = HX_REQUEST
    return response


def prompt_context(state: SessionState) -> dict:
    """What the idle prompt template needs to know about ``state``."""
    now = utcnow()
    config = current_app.config
    left = (state.deadline - now).total_seconds()
    remaining = max(0, math.ceil(left))  # shown as whole seconds, like the page's countdown
    return {
        "session_state": state,
        # Whole seconds: HTML's datetime takes at most three digits of a fraction.
        "session_deadline": state.deadline.replace(microsecond=0),
        "session_deadline_ms": int(state.deadline.timestamp() * 1000),
        "session_now_ms": int(now.timestamp() * 1000),
        "session_remaining": remaining,
        "session_warning": left <= config["IDLE_WARNING"],
        "session_capped": state.capped,
        "session_ends_at": local_time(state.deadline).strftime("%H:%M"),
        "session_config": {
            "warning": config["IDLE_WARNING"],
            "poll": config["SESSION_POLL"],
            "activity": config["ACTIVITY_INTERVAL"],
        },
    }


def _prompt_response(state: SessionState):
    """The prompt fragment (HTMX) or a small status page (no JavaScript)."""
    context = prompt_context(state)
    if is_htmx():
        body = render_template("staff/_prompt.html", **context)
    else:
        body = render_template("staff/session_status.html", **context)
    return body, 200, {"Vary": HX_REQUEST, "Cache-Control": "no-store"}


@bp.get("/session/status")
def status():
    """Passive: how long the session has left. Never extends it.

    While more than the warning remains the prompt comes back closed; within it, open, with the
    absolute deadline.
    """
    state = current_session()
    if state is None:
        return signed_out_response()
    return _prompt_response(state)


@bp.post("/session/keepalive")
@csrf.exempt  # checked below, once we know the session is live
def keepalive():
    """ "Stay signed in": extend the session and return the closed prompt with the new deadline.

    A session that is over answers 401 + HX-Redirect before the CSRF check: its cookie no longer
    holds a CSRF token, and the page must learn that it was signed out, not that a form was bad.
    """
    state = current_session()
    if state is None:
        return signed_out_response()
    csrf.protect()
    now = utcnow()
    if not extend_session(state.sid, now):
        return signed_out_response()
    state = SessionState(
        sid=state.sid,
        user=state.user,
        created_at=state.created_at,
        last_seen=max(now, state.last_seen),
    )
    if is_htmx():
        return _prompt_response(state)
    # Without JavaScript: back to the page the form was on (same-site paths only).
    back = safe_next(request.form.get("next")) or url_for("admin.dashboard")
    response = redirect(back, code=303)
    response.headers["Vary"] = HX_REQUEST
    return response
