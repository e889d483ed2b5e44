"""Staff (cán bộ): accounts, sign-in, server-side sessions with the idle prompt, the audit log
and the account commands."""

from __future__ import annotations

from flask import Flask

from ..extensions import login_manager
from . import cli, session_views, sign_in
from .sessions import check_request_session


def init_app(app: Flask) -> None:
    """Bind Flask-Login, check staff sessions on every request, serve sign-in and the session
    endpoints, and register the account commands."""
    login_manager.init_app(app)
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    # Flask-Login's session protection hashes the address and User-Agent on every request,
    # staff or not, to mark a session "not fresh"; nothing here reads freshness, and the
    # server-side staff session (staff/sessions.py) is what ends a stolen or old session.
    login_manager.session_protection = None
    app.before_request(check_request_session)
    app.register_blueprint(session_views.bp)
    app.register_blueprint(sign_in.bp)
    cli.init_app(app)
