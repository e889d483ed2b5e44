"""Running the site: the waitress supervisor, backups, and the health check."""

from __future__ import annotations

from flask import Flask

from . import backup, health


def init_app(app: Flask) -> None:
    """Serve ``/healthz`` and register the backup commands."""
    app.register_blueprint(health.bp)
    backup.init_app(app)
