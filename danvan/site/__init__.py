"""The public site: the home page, the article page, their shells and the sidebar."""

from __future__ import annotations

from flask import Flask

from . import views


def init_app(app: Flask) -> None:
    """Serve the public pages."""
    app.register_blueprint(views.bp)
