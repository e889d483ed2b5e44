"""Public pages: the home page listing articles, and the article page.

Both are served from this process's shells (``site/shells.py``) and filled per request with
what differs between visitors. Signed-in staff, and visitors with a message waiting (after a
vote without JavaScript), get a full rendering instead.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request
from flask_wtf.csrf import generate_csrf

from ..content.links import article_url
from ..content.models import Article
from ..core.errors import render_error
from ..core.formatting import thousands
from ..core.routing import page_number
from ..core.urls import with_query
from ..extensions import db
from ..rating.widget import rating_context, widget_html
from ..stats.block import statistics_block
from .printing import BAD_MODE, print_view, requested_mode, saved_file
from .shells import article_page, home_shell, personal_page, render_article, render_home

bp = Blueprint("articles", __name__)


@bp.get("/")
def index():
    """The home page: published articles, newest first, paginated with ``?page=N``."""
    number = page_number(request.args.get("page", "1"))
    if personal_page():
        html = render_home(number)
        if html is None:
            abort(404)
        return html
    shell = home_shell(number)
    if shell is None:
        abort(404)
    return shell.fill({"stats": statistics_block})


@bp.get("/tin-tuc/<int:article_id>")
@bp.get("/tin-tuc/<slug>-<int:article_id>")
def article(article_id: int, slug: str | None = None):
    """One article at its canonical URL; any other slug for the same id redirects there (301),
    keeping the query (``/tin-tuc/2?print=1``). ``?print=1`` is the print view, ``?save=1``
    the article as a file to keep (``site/printing.py``)."""
    page = article_page(article_id)
    if page is None:
        abort(404)
    if slug != page.slug:
        return redirect(with_query(article_url(page), request.args), code=301)
    mode = requested_mode(request.args)
    if mode is None:
        return render_error(400, BAD_MODE)
    if mode != "page":
        # Neither counts as a view of the article (see site/printing.py).
        answer = print_view(page.id) if mode == "print" else saved_file(page.id)
        if answer is None:
            abort(404)
        return answer
    if personal_page():
        full = db.session.get(Article, article_id)
        if full is None:
            abort(404)
        return render_article(full, **rating_context(full))
    return page.shell.fill(
        {
            "views": thousands(page.views.seen(None)),
            "csrf": generate_csrf,
            "rating": lambda: widget_html(page),
            "stats": statistics_block,
        }
    )
