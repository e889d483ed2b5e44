"""The rating endpoints: vote, withdraw, and the JSON twin of the block.

Every refusal is a Vietnamese message with a 4xx status that changes nothing: shown in the
widget when the article is known (htmx swaps it in place; a plain form gets the error page).
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request
from flask_wtf.csrf import CSRFError

from ..content.links import article_url
from ..content.models import Article
from ..core.bots import classify_user_agent
from ..core.caches import RATING, forget
from ..core.errors import CSRF_MESSAGE, render_error
from ..core.htmx import VARY_HEADERS, is_htmx
from ..extensions import db, limiter
from .models import STARS
from .voter import client_address, current_voter_key
from .votes import MESSAGES, RatingRefused, rating_summary, record_vote, withdraw_vote
from .widget import FLASH_CATEGORY, widget_for

bp = Blueprint("rating", __name__)


def _rate_limit() -> str:
    return current_app.config["RATING_RATE_LIMIT"]


rating_limit = limiter.shared_limit(_rate_limit, scope="rating")


def votable_article(article_id: int) -> Article:
    """The article a vote is for; refuses unknown, unpublished and rating-disabled ones."""
    article = db.session.get(Article, article_id)
    if article is None or not article.is_visible():
        raise RatingRefused(404, MESSAGES["no_article"])
    if not article.rating_enabled:
        raise RatingRefused(403, MESSAGES["disabled"])
    return article


def refuse_bots() -> None:
    """Crawlers and scripts (an empty User-Agent too) do not vote."""
    if classify_user_agent(request.headers.get("User-Agent", "")).is_bot:
        raise RatingRefused(403, MESSAGES["bot"])


def parse_stars(raw: str | None) -> int:
    """The ``stars`` field as 1-5; anything else is refused."""
    value = (raw or "").strip()
    if value not in {str(stars) for stars in STARS}:
        raise RatingRefused(400, MESSAGES["bad_stars"])
    return int(value)


def answer(article: Article, message: str, status: int = 200, is_error: bool = False):
    """HTMX gets the widget with the message; a plain form post gets 303 back to the article."""
    if is_htmx():
        widget = widget_for(article, message, is_error)
        body = render_template("rating/_widget.html", rating=widget)
        return body, status, dict(VARY_HEADERS)
    if is_error:
        return render_error(status, message)
    flash(message, FLASH_CATEGORY)
    return redirect(article_url(article) + "#danh-gia", code=303), dict(VARY_HEADERS)


def _refusal(status: int, message: str):
    """An error answer: in the widget when the article is known, else the error page."""
    article_id = (request.view_args or {}).get("article_id")
    article = db.session.get(Article, article_id) if article_id else None
    if article is not None and article.is_visible() and article.rating_enabled:
        return answer(article, message, status, is_error=True)
    return render_error(status, message)


@bp.errorhandler(RatingRefused)
def _refused(error: RatingRefused):
    return _refusal(error.status, error.message)


@bp.errorhandler(CSRFError)
def _csrf_refused(error: CSRFError):
    return _refusal(400, CSRF_MESSAGE)


@bp.errorhandler(429)
def _too_many(error):
    return _refusal(429, MESSAGES["rate_limit"])


@bp.post("/tin-tuc/<int:article_id>/danh-gia")
@rating_limit
def vote(article_id: int):
    """Record or change the visitor's vote (form field ``stars``, 1-5)."""
    refuse_bots()
    article = votable_article(article_id)
    stars = parse_stars(request.form.get("stars"))
    outcome = record_vote(
        article.id,
        current_voter_key(create=True),
        stars,
        client_address(),
        current_app.config["RATING_PER_IP"],
    )
    forget(RATING, article.id)
    return answer(article, outcome.message)


@bp.post("/tin-tuc/<int:article_id>/danh-gia/rut-lai")
@rating_limit
def withdraw(article_id: int):
    """Withdraw the visitor's vote."""
    refuse_bots()
    article = votable_article(article_id)
    voter = current_voter_key()
    if voter is None or withdraw_vote(article.id, voter) is None:
        return answer(article, MESSAGES["nothing_to_withdraw"], 409, is_error=True)
    forget(RATING, article.id)
    return answer(article, MESSAGES["withdrawn"])


@bp.get("/api/articles/<int:article_id>/rating")
def rating_json(article_id: int):
    """The JSON twin of the rating block."""
    article = db.session.get(Article, article_id)
    if article is None or not article.is_visible():
        return jsonify(error="not found", message=MESSAGES["no_article"]), 404
    return jsonify(rating_summary(article.id).as_json())
