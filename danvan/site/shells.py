"""The public pages as shells: rendered once per process, filled per request.

An article page and each home page are rendered by the ordinary templates with holes (see
``danvan.core.shells``) where a value changes by the second: the view count (``views``), the
rating block (``rating``) and the statistics block (``stats``). No hole holds anything of one
reader: a filled shell is the same page for every resident. The shells live in this app's
caches ``site.article_pages`` and ``site.home_pages`` (``danvan.core.caches``) for 30 s, or
until a write in this process says an article or the sidebar changed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app, render_template, session
from flask_login import current_user
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from ..comments import comments_context
from ..content.links import article_url
from ..content.models import Article, ArticleStatus, is_public
from ..core.caches import cache
from ..core.clock import utcnow
from ..core.cookie_sessions import has_session_cookie
from ..core.formatting import thousands
from ..core.shells import Shell, hole
from ..core.text import plain_text
from ..extensions import db
from .paging import paginate_articles
from .related import related_context
from .sharing import share_bar
from .sidebar import current_sidebar

# The holes each kind of shell may have; anything else in a shell is the same for everyone.
ARTICLE_HOLES = frozenset({"views", "rating", "stats"})
HOME_HOLES = frozenset({"stats"})


def personal_page() -> bool:
    """True when this visitor's page cannot come from a shell: staff, or a message waiting
    (neither without a session cookie, and then the session is not even opened)."""
    if not has_session_cookie(current_app):
        return False
    return bool(current_user.is_authenticated or session.get("_flashes"))


def published_articles() -> Select[Article]:
    """A query for the articles residents may read, newest first, with their lead images
    (one more query by primary key for the page, not one per card)."""
    return (
        select(Article)
        .where(Article.status == ArticleStatus.PUBLISHED.value, Article.published_at <= utcnow())
        .order_by(Article.published_at.desc(), Article.id.desc())
        .options(selectinload(Article.image))
    )


def article_description(article: Article, limit: int = 200) -> str:
    """A one-paragraph description for search engines and link previews."""
    text = article.summary or plain_text(article.body_html)
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


@dataclass
class ViewCount:
    """The highest view count this process has seen for one article (shown on its page).

    A view that is not counted (a bot, the same reader within 30 minutes) shows the last count
    seen, which is the database's count when the shell was rendered or any count since.
    """

    value: int
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def seen(self, counted: int | None) -> int:
        """Take the count a view just produced (None when it did not count); the count to show."""
        with self._lock:
            if counted is not None and counted > self.value:
                self.value = counted
            return self.value


@dataclass(frozen=True)
class ArticlePage:
    """What the article view needs without a query: the article's identity, state and shell."""

    id: int
    slug: str
    status: str
    published_at: datetime | None
    rating_enabled: bool
    shell: Shell
    views: ViewCount

    def is_visible(self) -> bool:
        """True while residents may read it (its publish time has come)."""
        return is_public(self.status, self.published_at)


def render_article(article: Article, **overrides: Any) -> str:
    """The full article page (``overrides`` put holes where per-visitor values go)."""
    canonical_url = article_url(article, external=True)
    context: dict[str, Any] = dict(
        article=article,
        view_count=thousands(article.view_count),
        description=article_description(article),
        canonical_url=canonical_url,
        share=share_bar(article, canonical_url),
        sidebar=current_sidebar(),
        **related_context(article),
        # Page 1 of its approved comments and the form: the same for every reader, so part of
        # the shell; comments/moderation.py forgets the shell when they change.
        **comments_context(article),
    )
    context.update(overrides)
    return render_template("site/article.html", **context)


def as_resident() -> dict[str, Any]:
    """Template values that render a shell as a resident sees it, whoever's request builds it:
    a shell built while a signed-in staff member asked (who then gets a page of their own)
    would otherwise keep their footer link for every reader, and for nginx's cache."""
    return {"current_user": current_app.login_manager.anonymous_user()}  # type: ignore[attr-defined]


def render_article_shell(article: Article) -> Shell:
    """The article page with every per-visitor value left as a hole."""
    holes: dict[str, Any] = dict(
        **as_resident(),
        view_count=hole("views"),
        form_token=lambda: "",  # residents' pages carry no token (core/forgery.py)
        statistics_block=lambda: hole("stats"),
    )
    if article.rating_enabled:
        holes.update(rating=True, rating_html=hole("rating"))
    else:
        holes.update(rating=None)
    return Shell.from_html(render_article(article, **holes), allowed=ARTICLE_HOLES)


def load_article_page(article_id: int) -> ArticlePage | None:
    """The article's page, or None while residents may not read it (unknown, draft, scheduled):
    those are not kept, so a scheduled article appears the moment its time comes."""
    article = db.session.get(Article, article_id)
    if article is None or not article.is_visible():
        return None
    return ArticlePage(
        article.id,
        article.slug,
        article.status,
        article.published_at,
        article.rating_enabled,
        render_article_shell(article),
        ViewCount(article.view_count),
    )


def article_page(article_id: int) -> ArticlePage | None:
    """The article's page from this app's cache, or None (and nothing kept) when it is not
    readable now."""
    pages = cache("site.article_pages")
    page = pages.get(article_id, lambda: load_article_page(article_id))
    if page is None or not page.is_visible():
        pages.forget(article_id)  # unknown, unpublished, or its time has not come
        return None
    return page


def render_home(number: int, **overrides: Any) -> str | None:
    """Home page ``number``, or None past the last page (page 1 always exists)."""
    page = paginate_articles(published_articles(), number, current_app.config["PAGE_SIZE"])
    if page is None:
        return None
    return render_template("site/index.html", page=page, sidebar=current_sidebar(), **overrides)


def home_shell(number: int) -> Shell | None:
    """Home page ``number`` as a shell from this app's cache, or None past the last page."""

    def render() -> Shell | None:
        html = render_home(number, statistics_block=lambda: hole("stats"), **as_resident())
        return Shell.from_html(html, allowed=HOME_HOLES) if html is not None else None

    return cache("site.home_pages").get(number, render)
