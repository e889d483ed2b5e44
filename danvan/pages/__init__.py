"""The committee's own pages (Giới thiệu, Cơ cấu tổ chức, Chức năng – nhiệm vụ, Liên hệ …),
their English versions under ``/en/``, and the contact form whose messages staff read in the
inbox (``admin/contact_messages.py``)."""

from __future__ import annotations

from flask import Flask

from . import contact, english, views  # noqa: F401 - contact adds its views to views.bp
from .menu import page_menu


def init_app(app: Flask) -> None:
    """Serve the pages; give every template the pages of the menu."""
    app.register_blueprint(views.bp)
    app.register_blueprint(english.english)
    app.jinja_env.globals.update(page_menu=page_menu)
