"""Residents' comments ("Phản hồi") under articles, moderated before anyone sees them.

``models.py`` is the table, ``moderation.py`` what staff do (approve, reject, delete, answer),
each keeping ``articles.comment_count`` exact.
"""

from __future__ import annotations

from flask import Flask

from . import models  # noqa: F401 - the table, for create_all and Alembic


def init_app(app: Flask) -> None:
    """Register the comments feature."""
