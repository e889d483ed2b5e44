"""Residents' comments ("Phản hồi") under articles, moderated before anyone sees them.

``models.py`` is the table; ``form.py`` and ``posting.py`` what a resident sends and the checks
it passes; ``writer.py`` the writer cookie (withdrawing one's own pending comment);
``showing.py`` the approved comments an article page shows (``text.py``: escaped, links
``nofollow ugc``); ``moderation.py`` what staff do (approve, reject, delete, answer), each keeping
``articles.comment_count`` exact; ``views.py`` the residents' endpoints.
"""

from __future__ import annotations

from flask import Flask

from . import models, views  # noqa: F401 - models: the table, for create_all and Alembic
from .showing import comments_context
from .writer import set_writer_cookie

__all__ = ["comments_context", "init_app"]


def init_app(app: Flask) -> None:
    """Serve the residents' comment endpoints and set a first-time writer's cookie."""
    app.register_blueprint(views.bp)
    app.after_request(set_writer_cookie)
