"""``/tim-kiem?q=``: the search page, its results ranked, paginated and highlighted."""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask import Blueprint, render_template, request
from markupsafe import Markup
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from ..content.models import Article
from ..core.caches import cache
from ..core.clock import utcnow
from ..core.errors import render_error
from ..core.http_cache import shared_cacheable
from ..core.routing import page_number
from ..documents.queries import with_details
from ..extensions import db
from ..site.sidebar import current_sidebar
from .document_query import find_documents
from .query import Ranking, rank
from .snippets import highlight, opening, snippet
from .terms import Terms, parse_query
from .text import html_to_text

bp = Blueprint("search", __name__)

MAX_QUERY = 200
PER_PAGE = 10
HINT = "Nhập từ khoá để tìm kiếm."
NO_WORDS = "Từ khoá cần có ít nhất một chữ cái hoặc chữ số."
TOO_LONG = f"Từ khoá dài tối đa {MAX_QUERY} ký tự: hãy rút gọn rồi tìm lại."
NO_PAGE = "Không có trang kết quả này."
DOCUMENTS_SHOWN = 5  # documents above the articles, on the first page; the rest at /van-ban/


@dataclass(frozen=True)
class Marked:
    """A result's title and the passage of its text that matched, highlighted and escaped."""

    title: Markup
    snippet: Markup


def ranking(terms: Terms, page: int) -> Ranking:
    """Page ``page`` of the results, from this process's cache (``search.results``)."""
    return cache("search.results").get(
        (terms, page),
        lambda: rank(db.session.connection(), terms, utcnow(), page, PER_PAGE),
    )


def marked(article: Article, terms: Terms) -> Marked:
    """The title with its matching words in ``<mark>``, and the passage that matched."""
    forms = terms.every_form()
    body = html_to_text(article.body_html)
    passage = snippet(article.summary or "", forms) or snippet(body, forms)
    return Marked(highlight(article.title, forms), passage or opening(article.summary or body))


def by_ids(ids: tuple[int, ...]) -> Select[Article]:
    """The articles of ``ids``, by key alone: with the status and time in the WHERE clause,
    SQLite prefers their index and reads the range of every published article."""
    return select(Article).where(Article.id.in_(ids)).options(selectinload(Article.image))


def load_articles(ids: tuple[int, ...]) -> list[Article]:
    """The articles of ``ids`` in that order, leaving out any no longer public (the ranking
    may have been cached just before another process unpublished one)."""
    if not ids:
        return []
    now = utcnow()
    found = {
        article.id: article
        for article in db.session.scalars(by_ids(ids))
        if article.is_visible(now)
    }
    return [found[article_id] for article_id in ids if article_id in found]


def _page(status: int = 200, **context):
    context.setdefault("query", "")
    return render_template("search/results.html", sidebar=current_sidebar(), **context), status


@bp.get("/tim-kiem")
@shared_cacheable
def search():
    """Search the public articles: ``q`` the words, ``page`` the page of ten results."""
    raw = request.args.get("q", "")
    if len(raw) > MAX_QUERY:
        return _page(400, query=raw[:MAX_QUERY], message=TOO_LONG)
    query = " ".join(raw.split())
    if not query:
        return _page(message=HINT)
    terms = parse_query(query)
    if not terms:
        return _page(query=query, message=NO_WORDS)
    number = page_number(request.args.get("page"))
    result = ranking(terms, number)
    pages = math.ceil(result.total / PER_PAGE)
    if result.total and number > pages:
        return render_error(404, NO_PAGE)
    documents = find_documents(terms, DOCUMENTS_SHOWN) if number == 1 else None
    articles = load_articles(result.ids)
    highlights = {article.id: marked(article, terms) for article in articles}
    return _page(
        query=query,
        total=result.total,
        articles=articles,
        highlight=lambda article: highlights[article.id],
        page=number,
        pages=pages,
        document_total=documents.total if documents else 0,
        documents=with_details(list(documents.ids)) if documents else [],
    )
