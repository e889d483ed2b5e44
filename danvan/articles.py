"""Public pages: the home page listing articles, and the article page.

Both are served from per-process shells (danvan.page_cache): rendered once, kept for
``SHELL_TTL`` seconds or until staff change an article in this process, and filled per request
with what differs between visitors. Signed-in staff, and visitors with a message waiting
(after a vote without JavaScript), get a full rendering instead.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select

from .cache import TTLCache
from .extensions import db
from .formatting import thousands
from .models import Article, ArticleStatus, is_public, utcnow
from .page_cache import Shell, hole
from .rating import rating_context, widget_html
from .sidebar import current_sidebar
from .stats import count_article_view, statistics_block
from .text import plain_text

bp = Blueprint("articles", __name__)

# How long another process's edit may take to show here (this process forgets at once).
SHELL_TTL = 30


def published_articles():
    """A query for the articles residents may read, newest first."""
    return (
        select(Article)
        .where(Article.status == ArticleStatus.PUBLISHED.value, Article.published_at <= utcnow())
        .order_by(Article.published_at.desc(), Article.id.desc())
    )


def article_url(article, external: bool = False) -> str:
    """The canonical URL of an article: ``/tin-tuc/<slug>-<id>``."""
    return url_for("articles.article", slug=article.slug, article_id=article.id,
                   _external=external)


def article_description(article: Article, limit: int = 200) -> str:
    """A one-paragraph description for search engines and link previews."""
    text = article.summary or plain_text(article.body_html)
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def personal_page() -> bool:
    """True when this visitor's page cannot come from a shell: staff, or a message waiting."""
    return bool(current_user.is_authenticated or session.get("_flashes"))


@dataclass(frozen=True)
class ArticlePage:
    """What the article view needs without a query: the article's identity, state and shell."""

    id: int
    slug: str
    status: str
    published_at: datetime | None
    rating_enabled: bool
    shell: Shell

    def is_visible(self) -> bool:
        return is_public(self.status, self.published_at)


class PageShells:
    """The shells of this process: article pages by id, home pages by page number."""

    def __init__(self) -> None:
        self.articles: TTLCache[ArticlePage | None] = TTLCache(ttl=SHELL_TTL)
        self.home: TTLCache[Shell] = TTLCache(ttl=SHELL_TTL)
        self.view_counts: dict[int, int] = {}
        self._lock = threading.Lock()

    def forget(self, article_id: int | None = None) -> None:
        """Forget an article's shell (or all) and every home page: staff changed something."""
        if article_id is None:
            self.articles.clear()
        else:
            self.articles.forget(article_id)
        self.home.clear()

    def known_views(self, article_id: int, counted: int | None) -> int:
        """The view count to show: the new count when this view was counted, else the last seen."""
        with self._lock:
            if counted is not None:
                self.view_counts[article_id] = max(counted, self.view_counts.get(article_id, 0))
            return self.view_counts.get(article_id, 0)


def _shells() -> PageShells:
    return current_app.extensions["danvan_page_shells"]


def render_article(article: Article, **overrides) -> str:
    """The full article page (``overrides`` put holes where per-visitor values go)."""
    context = dict(
        article=article,
        view_count=thousands(article.view_count),
        description=article_description(article),
        canonical_url=article_url(article, external=True),
        sidebar=current_sidebar(),
    )
    context.update(overrides)
    return render_template("articles/article.html", **context)


def _load_article_page(article_id: int) -> ArticlePage | None:
    """The article's page, or None while residents may not read it (unknown, draft, scheduled):
    those are not kept, so a scheduled article appears the moment its time comes."""
    article = db.session.get(Article, article_id)
    if article is None or not article.is_visible():
        return None
    _shells().known_views(article.id, article.view_count)
    holes = dict(view_count=hole("views"), csrf_token=lambda: hole("csrf"),
                 statistics_block=lambda: hole("stats"))
    if article.rating_enabled:
        holes.update(rating=True, rating_html=hole("rating"))
    else:
        holes.update(rating=None)
    shell = Shell.from_html(render_article(article, **holes))
    return ArticlePage(article.id, article.slug, article.status, article.published_at,
                       article.rating_enabled, shell)


@bp.get("/")
def index():
    """The home page: published articles, newest first, paginated with ``?page=N``."""
    raw_page = request.args.get("page", "1")
    number = int(raw_page) if raw_page.isdigit() and len(raw_page) <= 6 else 1
    if personal_page():
        html = _render_home(number)
        if html is None:
            abort(404)
        return html

    def home_shell() -> Shell | None:
        html = _render_home(number, statistics_block=lambda: hole("stats"))
        return Shell.from_html(html) if html is not None else None

    shell = _shells().home.get(number, home_shell)
    if shell is None:
        abort(404)
    return shell.fill({"stats": statistics_block})


def _render_home(number: int, **overrides) -> str | None:
    """Home page ``number``, or None past the last page (page 1 always exists)."""
    page = db.paginate(published_articles(), page=number,
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    if number > 1 and not page.items:
        return None
    return render_template("articles/index.html", page=page, sidebar=current_sidebar(),
                           **overrides)


@bp.get("/tin-tuc/<int:article_id>")
@bp.get("/tin-tuc/<slug>-<int:article_id>")
def article(article_id: int, slug: str | None = None):
    """One article at its canonical URL; any other slug for the same id redirects there (301)."""
    shells = _shells()
    page = shells.articles.get(article_id, lambda: _load_article_page(article_id))
    if page is None or not page.is_visible():
        shells.articles.forget(article_id)  # unknown, unpublished or unpublished since
        abort(404)
    if slug != page.slug:
        return redirect(article_url(page), code=301)
    counted = count_article_view(page.id)
    if personal_page():
        article = db.session.get(Article, article_id)
        return render_article(article, **rating_context(article))
    views = thousands(shells.known_views(page.id, counted))
    return page.shell.fill({
        "views": views,
        "csrf": generate_csrf,
        "rating": lambda: widget_html(page),
        "stats": statistics_block,
    })


def forget_article(article_id: int | None = None) -> None:
    """Make this process render an article (and the home pages) afresh on the next request."""
    _shells().forget(article_id)


def init_app(app: Flask) -> None:
    """Register the blueprint and this process's page shells."""
    app.extensions["danvan_page_shells"] = PageShells()
    app.extensions["danvan_article_cache_clear"] = forget_article
    app.register_blueprint(bp)
