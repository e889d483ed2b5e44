"""The public site: the home page, the article page, category and tag pages, the menu, their
shells and the sidebar."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from ..content.categories import CategoryNode, category_tree, visible_children
from ..extensions import db
from . import listing, views


def site_menu() -> tuple[CategoryNode, ...]:
    """The menu's categories; none when the database cannot be read, so that the error page
    that says so can still be drawn."""
    try:
        return category_tree().menu()
    except SQLAlchemyError:
        db.session.rollback()
        return ()


def init_app(app: Flask) -> None:
    """Serve the public pages; give every template the menu."""
    app.register_blueprint(views.bp)
    app.register_blueprint(listing.bp)
    app.jinja_env.globals.update(site_menu=site_menu, visible_children=visible_children)
