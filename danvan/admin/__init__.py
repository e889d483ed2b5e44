"""The staff area (``/quan-tri/``): one blueprint, one module per screen.

Importing the screens is what adds their views to the blueprint, so this module imports every
one of them before the blueprint is registered.
"""

from __future__ import annotations

from flask import Flask

from . import (  # noqa: F401 - each screen adds its views to ``bp`` when imported
    accounts,
    articles,
    audit_log,
    categories,
    comment_actions,
    comments,
    contact_messages,
    dashboard,
    document_lookups,
    documents,
    identity,
    media,
    pages,
    responses,
    sidebar,
    statistics,
)
from .blueprint import bp


def init_app(app: Flask) -> None:
    """Serve the staff area."""
    app.register_blueprint(bp)
