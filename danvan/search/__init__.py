"""Search: ``/tim-kiem?q=`` over the public articles, Vietnamese-aware, on SQLite and PostgreSQL.

``text.py`` folds the text the same way for the index and the query (diacritics and đ/Đ off,
punctuation to spaces); ``schema.py`` declares each database's index tables (FTS5, tsvector);
``index.py`` keeps them in step with every flush of an article and rebuilds them in bulk;
``query.py`` turns a query into a safe match expression and a ranking; ``snippets.py`` highlights
the words found; ``document_index.py`` and ``document_query.py`` do the same for the documents
(Văn bản), shown above the articles; ``views.py`` is the page; ``cli.py`` the ``flask search``
commands.
"""

from __future__ import annotations

from flask import Flask

from ..extensions import db
from . import document_index, index, schema, views
from .cli import search_cli


def init_app(app: Flask) -> None:
    """Serve the search page, keep the index in step, register ``flask search``."""
    schema.install(db.metadata)
    index.install()
    document_index.install()
    app.register_blueprint(views.bp)
    app.cli.add_command(search_cli)
