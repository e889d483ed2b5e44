"""Star rating of articles: one current vote per voter per article, exact totals, no JS needed.

Storage is a vote log (``rating_votes``, unique on article and voter) plus a per-article summary
(``rating_summaries``: count, sum and count per star). Each vote changes both in one
transaction, and the summary only ever by relative increments, so parallel voters lose nothing
and ``flask rating reconcile`` can prove it (``votes.py``, ``maintenance.py``).
"""

from __future__ import annotations

from flask import Flask

from . import views
from .cli import rating_cli
from .voter import personal_responses


def init_app(app: Flask) -> None:
    """Serve the rating endpoints, set voter cookies, register the ``flask rating`` commands."""
    app.register_blueprint(views.bp)
    app.after_request(personal_responses)
    app.cli.add_command(rating_cli)
