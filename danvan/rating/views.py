"""The rating endpoints: vote, withdraw, the visitor's own vote, and the JSON twin of the block.

A vote needs no cookie and no token from a resident (the page they vote from may come from a
shared cache): ``core/forgery.py`` refuses forms sent from other sites, and the first vote mints
the voter cookie. With htmx the answer is the visitor's own block; without, a 303 to the
own-vote page, which shows it with the outcome (``?sao=&truoc=`` or ``?rut-lai=1``).

Every refusal is a Vietnamese message with a 4xx status that changes nothing: shown in the
widget when the article is known (htmx swaps it in place; a plain form gets the error page).
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf.csrf import CSRFError

from ..content.links import article_url
from ..content.models import Article
from ..core.bots import classify_user_agent
from ..core.caches import RATING, forget
from ..core.errors import CSRF_MESSAGE, render_error
from ..core.forgery import cookieless_form
from ..core.htmx import VARY_HEADERS, is_htmx
from ..extensions import db, limiter
from .models import STARS
from .voter import client_address, current_voter_key
from .votes import (
    MESSAGES,
    RatingRefused,
    VoteOutcome,
    rating_summary,
    record_vote,
    withdraw_vote,
)
from .widget import widget_for

NO_STORE = {**VARY_HEADERS, "Cache-Control": "private, no-store"}

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


def answer(
    article: Article,
    message: str,
    status: int = 200,
    is_error: bool = False,
    outcome: dict[str, int] | None = None,
):
    """HTMX gets the widget with the message; a plain form post gets 303 to the own-vote page
    (``outcome`` is its query: what to say there)."""
    if is_htmx():
        widget = widget_for(article, message, is_error)
        body = render_template("rating/_widget.html", rating=widget)
        return body, status, NO_STORE
    if is_error:
        return render_error(status, message)
    query: dict[str, Any] = {"article_id": article.id, **(outcome or {})}
    target = url_for("rating.own_vote", **query) + "#danh-gia"
    return redirect(target, code=303), NO_STORE


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
@cookieless_form
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
    said = {"sao": outcome.stars, **({"truoc": outcome.previous} if outcome.previous else {})}
    return answer(article, outcome.message, outcome=said)


@bp.post("/tin-tuc/<int:article_id>/danh-gia/rut-lai")
@rating_limit
@cookieless_form
def withdraw(article_id: int):
    """Withdraw the visitor's vote."""
    refuse_bots()
    article = votable_article(article_id)
    voter = current_voter_key()
    if voter is None or withdraw_vote(article.id, voter) is None:
        return answer(article, MESSAGES["nothing_to_withdraw"], 409, is_error=True)
    forget(RATING, article.id)
    return answer(article, MESSAGES["withdrawn"], outcome={"rut-lai": 1})


def _star_arg(name: str) -> int | None:
    """A 1-5 query value, or None (absent or anything else)."""
    value = request.args.get(name, "")
    return int(value) if value in {str(stars) for stars in STARS} else None


def outcome_message() -> str:
    """What the own-vote page says about the vote that led there (from its query)."""
    if request.args.get("rut-lai") == "1":
        return MESSAGES["withdrawn"]
    stars = _star_arg("sao")
    return VoteOutcome(stars, _star_arg("truoc")).message if stars else ""


@bp.get("/tin-tuc/<int:article_id>/danh-gia")
def own_vote(article_id: int):
    """The visitor's own rating block: for htmx the fragment (``site.js`` asks for it on a
    page served from a cache, when the visitor has voted before), else a small page that
    shows it, where a vote sent without JavaScript ends. Never shared, never cached."""
    article = db.session.get(Article, article_id)
    if article is None or not article.is_visible() or not article.rating_enabled:
        abort(404)
    widget = widget_for(article, outcome_message())
    if is_htmx():
        return render_template("rating/_widget.html", rating=widget), 200, NO_STORE
    page = render_template(
        "rating/own_vote.html", article=article, rating=widget, back=article_url(article)
    )
    return page, 200, NO_STORE


@bp.get("/api/articles/<int:article_id>/rating")
def rating_json(article_id: int):
    """The JSON twin of the rating block."""
    article = db.session.get(Article, article_id)
    if article is None or not article.is_visible():
        return jsonify(error="not found", message=MESSAGES["no_article"]), 404
    return jsonify(rating_summary(article.id).as_json())
