"""Staff sign-in and sign-out, and staff accounts as Flask-Login sees them.

Flask-Login's remember-me cookie is never issued, and the user loader only accepts a user whose
server-side staff session (danvan/staff_sessions.py) is live, so no cookie can bypass the idle
and absolute limits.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from flask import Blueprint, Flask, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from . import staff_sessions
from .extensions import db, limiter, login_manager
from .models import User

bp = Blueprint("auth", __name__)

MIN_PASSWORD_LENGTH = 10
LOGIN_LIMIT = "5 per minute"

BAD_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."
TOO_MANY_ATTEMPTS = "Bạn đã thử đăng nhập quá nhiều lần. Vui lòng đợi một phút rồi thử lại."
REASONS = {
    staff_sessions.IDLE: "Bạn đã được đăng xuất vì không hoạt động.",
    staff_sessions.EXPIRED: "Phiên đăng nhập đã hết thời hạn tối đa. Vui lòng đăng nhập lại.",
    staff_sessions.SIGNED_OUT: "Bạn đã đăng xuất.",
    staff_sessions.DISABLED: "Tài khoản của bạn đã bị khóa. Vui lòng liên hệ quản trị viên.",
}


def hash_password(password: str) -> str:
    """A salted scrypt hash (werkzeug) of ``password``."""
    return generate_password_hash(password, method="scrypt")


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password("không-phải-mật-khẩu-thật")


def authenticate(username: str, password: str) -> User | None:
    """The active account with these credentials, or None.

    An unknown name costs the same scrypt work as a wrong password, so timing does not tell
    which names exist.
    """
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None (no open redirects)."""
    if not target or len(target) > 2000:
        return None
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


class LoginForm(FlaskForm):
    """The sign-in form (CSRF field included by Flask-WTF)."""

    username = StringField("Tên đăng nhập", validators=[
        DataRequired("Vui lòng nhập tên đăng nhập."), Length(max=80, message=BAD_CREDENTIALS)])
    password = PasswordField("Mật khẩu", validators=[
        DataRequired("Vui lòng nhập mật khẩu."), Length(max=1024, message=BAD_CREDENTIALS)])
    next = HiddenField()


def _login_username_key() -> str:
    return "login-user:" + (request.form.get("username") or "").strip().lower()[:80]


def _failed(response) -> bool:
    # Only failed attempts count, so an office of colleagues behind one address can all sign in;
    # a successful sign-in answers 303.
    return response.status_code != 303


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"], deduct_when=_failed)
@limiter.limit(LOGIN_LIMIT, methods=["POST"], key_func=_login_username_key, deduct_when=_failed)
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
            from .errors import CSRF_MESSAGE

            return _login_page(form, error=CSRF_MESSAGE, status=400)
        return _login_page(form, status=422)
    user = authenticate(form.username.data, form.password.data)
    if user is None:
        return _login_page(form, error=BAD_CREDENTIALS, status=401)
    _end_current_session()
    # A new session on sign-in: nothing of the old cookie (session fixation) survives.
    session.clear()
    session[staff_sessions.SESSION_KEY] = staff_sessions.start_session(user)
    login_user(user, remember=False)
    return redirect(safe_next(form.next.data) or url_for("admin.dashboard"), code=303)


def _login_page(form: LoginForm, error: str | None = None, notice: str | None = None,
                ended: str | None = None, status: int = 200):
    body = render_template("auth/login.html", form=form, error=error, notice=notice,
                           ended=ended)
    return body, status, {"Cache-Control": "no-store"}


def _end_current_session(reason: str = staff_sessions.SIGNED_OUT) -> None:
    state = staff_sessions.current_session()
    if state is not None:
        staff_sessions.end_session(state.sid, reason)


@bp.errorhandler(429)
def _too_many_attempts(error):
    form = LoginForm(formdata=None)
    form.username.data = request.form.get("username", "")[:80]
    form.next.data = safe_next(request.form.get("next")) or ""
    # Flask-Limiter adds Retry-After (the seconds until the window frees up).
    return _login_page(form, error=TOO_MANY_ATTEMPTS, status=429)


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
    return staff_sessions.signed_out_response(next_path=safe_next(next_path))


def init_app(app: Flask) -> None:
    """Bind Flask-Login, the staff session checks and the sign-in pages to the app."""
    login_manager.init_app(app)
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    # Flask-Login's session protection hashes the address and User-Agent on every request,
    # staff or not, to mark a session "not fresh"; nothing here reads freshness, and the
    # server-side staff session (staff_sessions) is what ends a stolen or old session.
    login_manager.session_protection = None
    staff_sessions.init_app(app)
    app.register_blueprint(bp)
