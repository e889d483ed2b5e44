"""The dashboard (``/quan-tri/``): every article with its views and rating, and links to edit;
how many contact messages and comments wait, each linking to its queue."""

from __future__ import annotations

from sqlalchemy import select

from ..content.models import Article
from ..extensions import db
from ..rating.votes import ratings_by_article
from .blueprint import bp, staff_page
from .comments import pending_comment_count
from .contact_messages import open_message_count


def dashboard_articles() -> list[Article]:
    """Every article, newest first, for the dashboard table."""
    return list(
        db.session.scalars(
            select(Article).order_by(Article.published_at.desc().nulls_last(), Article.id.desc())
        )
    )


@bp.get("/")
def dashboard():
    """The dashboard: articles with their views and ratings, and links to edit them."""
    articles = dashboard_articles()
    return staff_page(
        "admin/dashboard.html",
        articles=articles,
        ratings=ratings_by_article([article.id for article in articles]),
        open_messages=open_message_count(),
        pending_comments=pending_comment_count(),
    )
