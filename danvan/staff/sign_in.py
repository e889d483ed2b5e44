"""Staff sign-in and sign-out, and staff accounts as Flask-Login sees them.

Flask-Login's remember-me cookie is never issued, and the user loader only accepts a user whose
server-side staff session (danvan/staff/sessions.py) is live, so no cookie can bypass the idle
and absolute limits.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from wtforms import HiddenField, PasswordField, StringField

from ..core.errors import CSRF_MESSAGE
from ..core.forms import SiteForm, text_rules
from ..core.urls import safe_next
from ..extensions import login_manager
from . import sessions as staff_sessions
from . import throttle
from .models import User
from .passwords import authenticate
from .session_views import signed_out_response

bp = Blueprint("auth", __name__)

BAD_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."
TOO_MANY_ATTEMPTS = "Bạn đã thử đăng nhập quá nhiều lần. Vui lòng đợi một phút rồi thử lại."
REASONS = {
    staff_sessions.IDLE: "Bạn đã được đăng xuất vì không hoạt động.",
    staff_sessions.EXPIRED: "Phiên đăng nhập đã hết thời hạn tối đa. Vui lòng đăng nhập lại.",
    staff_sessions.SIGNED_OUT: "Bạn đã đăng xuất.",
    staff_sessions.DISABLED: "Tài khoản của bạn đã bị khóa. Vui lòng liên hệ quản trị viên.",
}


class LoginForm(SiteForm):
    """The sign-in form (CSRF field included by Flask-WTF)."""

    username = StringField(
        "Tên đăng nhập", validators=text_rules(80, BAD_CREDENTIALS, "Vui lòng nhập tên đăng nhập.")
    )
    password = PasswordField(
        "Mật khẩu", validators=text_rules(1024, BAD_CREDENTIALS, "Vui lòng nhập mật khẩu.")
    )
    next = HiddenField()


@bp.route("/login", methods=["GET", "POST"])
def login():
    """``Đăng nhập``: a new server-side session on success, one generic error otherwise."""
    form = LoginForm()
    reason = request.args.get("reason")
    notice = REASONS.get(reason or "")
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
        if current_user.is_authenticated:
            return redirect(form.next.data or url_for("admin.dashboard"), code=303)
        return _login_page(form, notice=notice, ended=reason if notice else None)
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            return _login_page(form, error=CSRF_MESSAGE, status=400)
        return _login_page(form, status=422)
    # Counted (and committed) before the password is checked: parallel guesses on any number of
    # processes cannot all slip in before the first failure is recorded.
    attempt = throttle.count_attempt(form.username.data)
    if attempt.refused:
        headers = {"Retry-After": str(attempt.retry_after)}
        return _login_page(form, error=TOO_MANY_ATTEMPTS, status=429, headers=headers)
    user = authenticate(form.username.data, form.password.data)
    throttle.settle_attempt(attempt, succeeded=user is not None)
    if user is None:
        return _login_page(form, error=BAD_CREDENTIALS, status=401)
    _end_current_session()
    # A new session on sign-in: nothing of the old cookie (session fixation) survives.
    session.clear()
    session[staff_sessions.SESSION_KEY] = staff_sessions.start_session(user)
    login_user(user, remember=False)
    response = redirect(safe_next(form.next.data) or url_for("admin.dashboard"), code=303)
    throttle.remember_device(response, attempt, user)
    return response


def _login_page(
    form: LoginForm,
    error: str | None = None,
    notice: str | None = None,
    ended: str | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
):
    body = render_template("staff/login.html", form=form, error=error, notice=notice, ended=ended)
    return body, status, {"Cache-Control": "no-store", **(headers or {})}


def _end_current_session(reason: str = staff_sessions.SIGNED_OUT) -> None:
    state = staff_sessions.current_session()
    if state is not None:
        staff_sessions.end_session(state.sid, reason)


@bp.post("/logout")
def logout():
    """Sign out (POST with CSRF): the session ends on the server, for every copy of the cookie."""
    _end_current_session()
    logout_user()
    session.clear()
    return redirect(url_for("auth.login", reason=staff_sessions.SIGNED_OUT), code=303)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The account of this request's live staff session, if it is ``user_id``; else None."""
    state = staff_sessions.current_session()
    if state is None or str(state.user.id) != user_id or not state.user.active:
        return None
    return state.user


@login_manager.unauthorized_handler
def _unauthorized():
    next_path = request.full_path.rstrip("?") if request.method == "GET" else None
    return signed_out_response(next_path=safe_next(next_path))
