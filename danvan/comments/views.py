"""The residents' side of comments: post, see one's own pending comments, withdraw one, and the
pages of approved comments after the first (which is on the article page itself).

Posting needs no cookie and no token from a resident (the article page may come from a shared
cache): ``core/forgery.py`` refuses other sites' posts, and the first comment mints the writer
cookie (``writer.py``). With htmx the form is swapped for "Phản hồi của bạn đang chờ duyệt";
without, a 303 to the writer's own page (``/tin-tuc/<id>/phan-hoi/cua-ban?da-gui=1``). Every
refusal is a Vietnamese message with a 4xx status, nothing stored, and the typed text back in
the form: 403 a bot or a closed article, 400 the honeypot or a post sooner than the minimum
reading time (``posting.py``), 422 a field (a staff-like name among them), 429 past
``DANVAN_COMMENTS_RATE_LIMIT`` per address (Flask-Limiter, in the shared storage).
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf.csrf import CSRFError

from ..content.links import article_url
from ..content.models import Article
from ..core.bots import classify_user_agent
from ..core.errors import CSRF_MESSAGE, render_error
from ..core.forgery import cookieless_form
from ..core.htmx import VARY_HEADERS, is_htmx
from ..core.http_cache import shared_cacheable
from ..core.input import checks_own_text
from ..core.routing import page_number
from ..extensions import db, limiter
from .form import CommentForm
from .posting import (
    MESSAGES,
    CommentRefused,
    commentable_article,
    pending_of,
    read_long_enough,
    store_comment,
    withdraw,
)
from .showing import ANSWER_HEADING, comments_page
from .text import comment_html
from .writer import writer_key

NO_STORE = {**VARY_HEADERS, "Cache-Control": "private, no-store"}
SENT_QUERY = "da-gui"
WITHDRAWN_QUERY = "rut-lai"
PAGE_QUERY = "trang"

bp = Blueprint("comments", __name__)


def _comment_limit() -> str:
    return current_app.config["COMMENTS_RATE_LIMIT"]


comment_limit = limiter.shared_limit(_comment_limit, scope="comments")


def _form_answer(
    article: Article, form: CommentForm, status: int, message: str, recount: bool = False
):
    """The form again with ``message`` and what was typed: the fragment for htmx, else a small
    page of its own (the article page is shared and cannot hold one reader's text)."""
    form.echo_typed_text()
    context: dict[str, Any] = {
        "article": article,
        "comment_form": form,
        "form_error": message,
        "recount": recount and is_htmx(),
    }
    if is_htmx():
        return render_template("comments/_form.html", **context), status, NO_STORE
    page = render_template("comments/form_page.html", back=article_url(article), **context)
    return page, status, NO_STORE


def _refuse_bots() -> None:
    if classify_user_agent(request.headers.get("User-Agent", "")).is_bot:
        raise CommentRefused(403, MESSAGES["bot"])


@bp.errorhandler(CommentRefused)
def _refused(error: CommentRefused):
    return render_error(error.status, error.message)


@bp.errorhandler(CSRFError)
def _csrf_refused(error: CSRFError):
    return render_error(400, CSRF_MESSAGE)


@bp.errorhandler(429)
def _too_many(error):
    """Past the limit: the form again with what was typed, and when to try again."""
    article = db.session.get(Article, (request.view_args or {}).get("article_id", 0))
    if request.endpoint != "comments.post" or article is None or not article.is_visible():
        return render_error(429, MESSAGES["rate_limit"])
    return _form_answer(article, CommentForm(), 429, MESSAGES["rate_limit"])


@bp.post("/tin-tuc/<int:article_id>/phan-hoi")
@cookieless_form
@checks_own_text
@comment_limit
def post(article_id: int):
    """Store a resident's comment as pending, or give the form back with what is wrong."""
    _refuse_bots()
    article = commentable_article(article_id)
    form = CommentForm()
    valid = form.validate()
    if form.website.data:
        return _form_answer(article, form, 400, MESSAGES["honeypot"])
    if not valid:
        return _form_answer(article, form, 422, MESSAGES["invalid"])
    if not read_long_enough(article.id):
        return _form_answer(article, form, 400, MESSAGES["too_fast"], recount=True)
    comment = store_comment(article.id, form.cleaned(), writer_key(create=True))
    if is_htmx():
        body = render_template(
            "comments/_pending.html",
            article=article,
            comment=comment,
            comment_html=comment_html(comment.body),
            message=MESSAGES["pending"],
        )
        return body, 200, NO_STORE
    target = _own_url(article, SENT_QUERY)
    return redirect(target, code=303), NO_STORE


def _own_url(article: Article, said: str) -> str:
    """The writer's own page, saying what just happened (``?da-gui=1``, ``?rut-lai=1``)."""
    query: dict[str, Any] = {said: 1}
    return url_for("comments.own", article_id=article.id, **query)


def _readable(article_id: int) -> Article:
    article = db.session.get(Article, article_id)
    if article is None or not article.is_visible():
        abort(404)
    return article


@bp.get("/tin-tuc/<int:article_id>/phan-hoi/cua-ban")
def own(article_id: int):
    """This browser's comments on the article still waiting for moderation, each with its
    withdraw button; where a comment sent without JavaScript ends. Never shared."""
    article = _readable(article_id)
    message = ""
    if request.args.get(SENT_QUERY) == "1":
        message = MESSAGES["pending"]
    elif request.args.get(WITHDRAWN_QUERY) == "1":
        message = MESSAGES["withdrawn"]
    page = render_template(
        "comments/own.html",
        article=article,
        back=article_url(article),
        message=message,
        pending=[(c, comment_html(c.body)) for c in pending_of(article.id, writer_key())],
    )
    return page, 200, NO_STORE


def _withdrawn(message: str, status: int):
    body = render_template("comments/_withdrawn.html", message=message, is_error=status >= 400)
    return body, status, NO_STORE


@bp.post("/tin-tuc/<int:article_id>/phan-hoi/<int:comment_id>/rut-lai")
@cookieless_form
def withdraw_own(article_id: int, comment_id: int):
    """Withdraw (delete) one of this browser's pending comments."""
    article = _readable(article_id)
    if not withdraw(article.id, comment_id, writer_key()):
        if is_htmx():
            return _withdrawn(MESSAGES["nothing_to_withdraw"], 409)
        return render_error(409, MESSAGES["nothing_to_withdraw"])
    if is_htmx():
        return _withdrawn(MESSAGES["withdrawn"], 200)
    target = _own_url(article, WITHDRAWN_QUERY)
    return redirect(target, code=303), NO_STORE


@bp.get("/tin-tuc/<int:article_id>/phan-hoi")
@shared_cacheable
def page(article_id: int):
    """Page ``?trang=N`` (N ≥ 2) of the article's approved comments; page 1 is on the article
    page itself, where the address without ``trang`` leads (301)."""
    article = _readable(article_id)
    number = page_number(request.args.get(PAGE_QUERY, "1"))
    if number == 1:
        return redirect(article_url(article) + "#phan-hoi", code=301)
    comments = comments_page(article.id, number)
    if comments is None:
        abort(404)
    return render_template(
        "comments/page.html",
        article=article,
        back=article_url(article),
        comments=comments,
        comment_heading=ANSWER_HEADING,
    )
