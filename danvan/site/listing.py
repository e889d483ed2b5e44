"""Lists of articles residents browse: a category's page and a tag's page.

A category's page lists its own articles and those of every shown category inside it, newest
first, ``PAGE_SIZE`` per page. Both kinds are served like the home page: from shells in this
app's cache ``site.list_pages`` (keyed by kind, id and page number), with the statistics block
as their one hole; staff and visitors with a message waiting get a full rendering.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, current_app, render_template, request
from sqlalchemy import Select, select

from ..content.categories import CategoryNode, category_tree, visible_children
from ..content.models import Article, ArticleStatus, Tag, article_tags
from ..core.caches import cache
from ..core.clock import utcnow
from ..core.database import without_index
from ..core.http_cache import shared_cacheable
from ..core.routing import page_number
from ..core.shells import Shell, hole
from ..extensions import db
from ..stats.block import statistics_block
from .paging import ListPage, paginate_articles
from .shells import HOME_HOLES, as_resident, personal_page, published_articles
from .sidebar import current_sidebar

bp = Blueprint("listing", __name__)


def category_articles(category_ids: tuple[int, ...]) -> Select[Article]:
    """Readable articles of these categories, newest first.

    The status is tested ``without_index``: with the categories as bound parameters SQLite's
    planner may otherwise walk the whole (status, published_at) index newest first, reading
    each row to test its category — 0.1 s by page 500 of a category at 50,000 articles, 3 ms
    on the category index.
    """
    return (
        select(Article)
        .where(
            Article.category_id.in_(category_ids),
            without_index(Article.status) == ArticleStatus.PUBLISHED.value,
            Article.published_at <= utcnow(),
        )
        .order_by(Article.published_at.desc(), Article.id.desc())
    )


def tag_articles(tag_id: int) -> Select[Article]:
    """Readable articles with this tag, newest first."""
    return published_articles().join(article_tags).where(article_tags.c.tag_id == tag_id)


def paginate(query: Select[Article], number: int) -> ListPage | None:
    """Page ``number`` of ``query``, or None past the last page (page 1 always exists)."""
    return paginate_articles(query, number, current_app.config["PAGE_SIZE"])


def serve(key: tuple[Any, ...], render: Callable[..., str | None]):
    """The page ``render`` makes, from a shell unless this visitor needs a full rendering.

    ``render(**holes)`` returns the page's HTML, or None when there is no such page (404).
    """
    if personal_page():
        html = render()
        if html is None:
            abort(404)
        return html

    def make_shell() -> Shell | None:
        html = render(statistics_block=lambda: hole("stats"), **as_resident())
        return Shell.from_html(html, allowed=HOME_HOLES) if html is not None else None

    shell = cache("site.list_pages").get(key, make_shell)
    if shell is None:
        abort(404)
    return shell.fill({"stats": statistics_block})


def render_category(node: CategoryNode, number: int, **overrides: Any) -> str | None:
    """Page ``number`` of a category, or None past its last page."""
    tree = category_tree()
    page = paginate(category_articles(tree.shown_ids(node.id)), number)
    if page is None:
        return None
    return render_template(
        "site/category.html",
        category=node,
        current_category_id=node.id,
        trail=tree.path(node.id),
        subcategories=visible_children(node),
        page=page,
        sidebar=current_sidebar(),
        **overrides,
    )


def render_tag(tag_id: int, name: str, slug: str, number: int, **overrides: Any) -> str | None:
    """Page ``number`` of a tag, or None past its last page."""
    page = paginate(tag_articles(tag_id), number)
    if page is None:
        return None
    return render_template(
        "site/tag.html",
        tag_name=name,
        tag_slug=slug,
        page=page,
        sidebar=current_sidebar(),
        **overrides,
    )


@bp.get("/chuyen-muc/<slug>")
@shared_cacheable
def category(slug: str):
    """A category's articles, its own and its subcategories', paginated with ``?page=N``."""
    tree = category_tree()
    node = tree.by_slug.get(slug)
    if node is None or not tree.is_shown(node.id):
        abort(404)
    number = page_number(request.args.get("page"))
    return serve(
        ("category", node.id, number), lambda **holes: render_category(node, number, **holes)
    )


@bp.get("/the/<slug>")
@shared_cacheable
def tag(slug: str):
    """The articles with one tag, paginated with ``?page=N``."""
    found = db.session.execute(select(Tag.id, Tag.name).where(Tag.slug == slug)).first()
    if found is None:
        abort(404)
    number = page_number(request.args.get("page"))
    return serve(
        ("tag", found.id, number),
        lambda **holes: render_tag(found.id, found.name, slug, number, **holes),
    )
