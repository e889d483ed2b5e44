"""Staff accounts as Flask-Login sees them."""

from __future__ import annotations

from flask import Flask

from .extensions import db, login_manager
from .models import User


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The active staff account with this id, or None."""
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.active else None


def init_app(app: Flask) -> None:
    """Bind Flask-Login to the app."""
    login_manager.init_app(app)
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
