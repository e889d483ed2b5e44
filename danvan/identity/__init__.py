"""The committee's identity: its name, province, contacts, the person responsible for content,
the licence line and the logo, set by an admin and shown in every page's header and footer."""

from __future__ import annotations

from flask import Flask

from .store import current_identity


def init_app(app: Flask) -> None:
    """Give every template ``site_identity()``."""
    app.jinja_env.globals.update(site_identity=current_identity)
