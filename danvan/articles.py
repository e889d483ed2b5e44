"""Public pages: the home page listing articles, and the article page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from sqlalchemy import select

from .extensions import db
from .models import Article, ArticleStatus, utcnow
from .rating import rating_context
from .sidebar import current_sidebar
from .stats import count_article_view
from .text import plain_text

bp = Blueprint("articles", __name__)


def published_articles():
    """A query for the articles residents may read, newest first."""
    return (
        select(Article)
        .where(Article.status == ArticleStatus.PUBLISHED.value, Article.published_at <= utcnow())
        .order_by(Article.published_at.desc(), Article.id.desc())
    )


def article_url(article: Article, external: bool = False) -> str:
    """The canonical URL of an article: ``/tin-tuc/<slug>-<id>``."""
    return url_for("articles.article", slug=article.slug, article_id=article.id,
                   _external=external)


def article_description(article: Article, limit: int = 200) -> str:
    """A one-paragraph description for search engines and link previews."""
    text = article.summary or plain_text(article.body_html)
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


@bp.get("/")
def index():
    """The home page: published articles, newest first, paginated with ``?page=N``."""
    page = db.paginate(published_articles(), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False)
    if request.args.get("page") and not page.items and page.page > 1:
        abort(404)
    return render_template("articles/index.html", page=page, sidebar=current_sidebar())


@bp.get("/tin-tuc/<int:article_id>")
@bp.get("/tin-tuc/<slug>-<int:article_id>")
def article(article_id: int, slug: str | None = None):
    """One article at its canonical URL; any other slug for the same id redirects there (301)."""
    article = db.session.get(Article, article_id)
    if article is None or not article.is_visible():
        abort(404)
    if slug != article.slug:
        return redirect(article_url(article), code=301)
    count_article_view(article)
    return render_template(
        "articles/article.html",
        article=article,
        description=article_description(article),
        canonical_url=article_url(article, external=True),
        sidebar=current_sidebar(),
        **rating_context(article),
    )
