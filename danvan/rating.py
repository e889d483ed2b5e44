"""Star rating of articles: one current vote per voter per article, exact totals, no JS needed.

Storage is a vote log (``rating_votes``, unique on article and voter) plus a per-article summary
(``rating_summaries``: count, sum and count per star). Each vote changes both in one
transaction, and the summary only ever by relative increments, so parallel voters lose nothing
and ``flask rating reconcile`` can prove it. A per-IP daily window (``rating_ip_windows``)
counts votes by a keyed hash of the address and the day, never the address itself.

Lock order in every writing transaction is window -> vote -> summary, so PostgreSQL cannot
deadlock; on SQLite the first statement of each transaction is a write, so it takes the write
lock before reading anything and never meets a stale snapshot.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    g,
    get_flashed_messages,
    jsonify,
    redirect,
    render_template,
    request,
)
from flask_login import current_user
from flask_wtf.csrf import CSRFError, generate_csrf
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    SmallInteger,
    String,
    UniqueConstraint,
    delete,
    select,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column

from .bots import classify_user_agent
from .cache import TTLCache
from .database import add_to_counters, dialect_insert
from .errors import CSRF_MESSAGE, render_error
from .extensions import db, limiter
from .formatting import local_time, php_average
from .models import Article, UTCDateTime, utcnow
from .page_cache import Shell, hole

STAR_TITLES = {
    1: "Bài viết rất kém",
    2: "Bài viết kém",
    3: "Bài viết đạt",
    4: "Bài viết tốt",
    5: "Bài viết rất tốt",
}
STARS = tuple(STAR_TITLES)

VOTER_COOKIE = "danvan_voter"
VOTER_COOKIE_AGE = 365 * 24 * 3600
FLASH_CATEGORY = "rating"

INVALID = "Đánh giá không hợp lệ"
MESSAGES = {
    "bad_stars": f"{INVALID}: hãy chọn từ 1 đến 5 sao rồi bấm Gửi đánh giá.",
    "no_article": f"{INVALID}: không tìm thấy bài viết này.",
    "disabled": f"{INVALID}: bài viết này không nhận đánh giá.",
    "bot": f"{INVALID}: chương trình tự động không được đánh giá bài viết.",
    "ip_window": ("Mạng của bạn đã gửi quá nhiều đánh giá cho bài viết này hôm nay. "
                  "Vui lòng thử lại vào ngày mai."),
    "rate_limit": "Bạn gửi đánh giá quá nhanh. Vui lòng đợi một lát rồi thử lại.",
    "nothing_to_withdraw": "Bạn chưa đánh giá bài viết này nên không có gì để rút lại.",
    "withdrawn": "Đã rút lại đánh giá của bạn.",
    "same": "Bạn đã đánh giá bài viết này rồi",
}


# --- models ------------------------------------------------------------------------------------

class RatingVote(db.Model):
    """A voter's current vote on an article. ``previous_stars`` holds the value it replaced."""

    __tablename__ = "rating_votes"
    __table_args__ = (
        UniqueConstraint("article_id", "voter_key"),
        CheckConstraint("stars BETWEEN 1 AND 5", name="stars_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    # "staff:<user id>" or "visitor:<random token from the signed cookie>"
    voter_key: Mapped[str] = mapped_column(String(64))
    stars: Mapped[int] = mapped_column(SmallInteger)
    previous_stars: Mapped[int | None] = mapped_column(SmallInteger)
    # HMAC of the day and the address: links a day's votes from one network, nothing more.
    ip_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RatingSummary(db.Model):
    """Per-article totals, kept equal to the vote log by relative increments."""

    __tablename__ = "rating_summaries"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            primary_key=True)
    vote_count: Mapped[int] = mapped_column(default=0)
    star_sum: Mapped[int] = mapped_column(default=0)
    stars_1: Mapped[int] = mapped_column(default=0)
    stars_2: Mapped[int] = mapped_column(default=0)
    stars_3: Mapped[int] = mapped_column(default=0)
    stars_4: Mapped[int] = mapped_column(default=0)
    stars_5: Mapped[int] = mapped_column(default=0)


class RatingIpWindow(db.Model):
    """How many votes one network (keyed hash) sent for one article on one Vietnam day."""

    __tablename__ = "rating_ip_windows"

    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            primary_key=True)
    ip_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    votes: Mapped[int] = mapped_column(default=0)


def star_column(stars: int) -> str:
    """The summary column counting votes of ``stars``."""
    return f"stars_{stars}"


# --- reading -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Totals:
    """What the page and the JSON twin show about an article's rating."""

    article_id: int
    count: int
    total: int
    distribution: dict[int, int]

    @property
    def average(self) -> str | None:
        """The average as PHP prints it (``4``, ``4.5``), or None without votes."""
        return php_average(self.total, self.count) if self.count else None

    def as_json(self) -> dict:
        """The ``/api/articles/<id>/rating`` document."""
        average = self.average
        return {
            "article_id": self.article_id,
            "count": self.count,
            "sum": self.total,
            "average": None if average is None else
            (float(average) if "." in average else int(average)),
            "distribution": {str(stars): self.distribution[stars] for stars in STARS},
        }


def rating_summary(article_id: int) -> Totals:
    """The article's totals (zeros when nobody voted yet)."""
    row = db.session.get(RatingSummary, article_id)
    if row is None:
        return Totals(article_id, 0, 0, dict.fromkeys(STARS, 0))
    return Totals(article_id, row.vote_count, row.star_sum,
                  {stars: getattr(row, star_column(stars)) for stars in STARS})


def current_vote(article_id: int, voter_key: str | None) -> int | None:
    """The stars this voter currently gives the article, or None."""
    if voter_key is None:
        return None
    return db.session.scalar(select(RatingVote.stars).where(
        RatingVote.article_id == article_id, RatingVote.voter_key == voter_key))


# --- who votes ---------------------------------------------------------------------------------

def _voter_serializer() -> URLSafeSerializer:
    return _serializer_for(current_app.secret_key)


@lru_cache(maxsize=4)
def _serializer_for(secret_key: str) -> URLSafeSerializer:
    # Building a serializer test-serialises a value; once per key is enough.
    return URLSafeSerializer(secret_key, salt="danvan.rating.voter")


def current_voter_key(create: bool = False) -> str | None:
    """The voter of this request: the signed-in staff user, else the visitor cookie's id.

    With ``create``, a visitor without a valid cookie gets a new random id now, and the cookie
    is set on the response: the form's page sets it, so parallel first votes share one id.
    """
    if current_user.is_authenticated:
        return f"staff:{current_user.get_id()}"
    token = g.get("rating_voter_token")
    if token is None:
        try:
            token = _voter_serializer().loads(request.cookies.get(VOTER_COOKIE, ""))
        except BadSignature:
            token = None
        if not isinstance(token, str) or not token:
            if not create:
                return None
            token = secrets.token_urlsafe(18)
            g.rating_new_voter = True
        g.rating_voter_token = token
    return f"visitor:{token}"


def hash_ip(address: str, day: str) -> str:
    """A keyed hash of the address for one day: counts a network without storing its address."""
    key = current_app.secret_key.encode() if isinstance(current_app.secret_key, str) \
        else current_app.secret_key
    return hmac.new(key, f"rating-ip|{day}|{address}".encode(), hashlib.sha256).hexdigest()


def vietnam_day() -> str:
    """Today in Vietnam, ``YYYY-MM-DD``: the per-IP window resets at local midnight."""
    return local_time(utcnow()).date().isoformat()


# --- writing -----------------------------------------------------------------------------------

class RatingRefused(Exception):
    """A vote that must not be stored; ``status`` and ``message`` go to the visitor."""

    def __init__(self, status: int, message: str, article: Article | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.article = article


@dataclass(frozen=True)
class VoteOutcome:
    """What ``record_vote`` did: ``previous`` is None for a first vote."""

    stars: int
    previous: int | None

    @property
    def message(self) -> str:
        if self.previous is None:
            return f"Cảm ơn bạn đã đánh giá bài viết: {self.stars} sao ({STAR_TITLES[self.stars]})."
        if self.previous == self.stars:
            return f"{MESSAGES['same']}: {self.stars} sao."
        return f"Bạn đã đổi đánh giá từ {self.previous} thành {self.stars} sao"


def _use_ip_window(article_id: int, ip_hash: str, day: str, limit: int) -> None:
    """Count one vote in the window, atomically; refuse (429) beyond ``limit``."""
    table = RatingIpWindow.__table__
    statement = dialect_insert(table).values(day=day, article_id=article_id, ip_hash=ip_hash,
                                             votes=1)
    statement = statement.on_conflict_do_update(
        index_elements=["day", "article_id", "ip_hash"],
        set_={"votes": table.c.votes + 1},
    ).returning(table.c.votes)
    used = db.session.execute(statement).scalar_one()
    if used > limit:
        raise RatingRefused(429, MESSAGES["ip_window"])


def record_vote(article_id: int, voter_key: str, stars: int, address: str,
                per_ip_limit: int) -> VoteOutcome:
    """Store the voter's vote (new or changed) and update the summary in one transaction.

    Raises ``RatingRefused`` (nothing stored) when the address used up its daily window.
    """
    if stars not in STAR_TITLES:
        raise RatingRefused(400, MESSAGES["bad_stars"])
    day = vietnam_day()
    ip_hash = hash_ip(address, day)
    votes = RatingVote.__table__
    key = {"article_id": article_id}
    try:
        # Two rounds at most: a vote withdrawn between our insert and our update is gone,
        # and the second round inserts it afresh.
        for _ in range(2):
            _use_ip_window(article_id, ip_hash, day, per_ip_limit)
            now = utcnow()
            inserted = db.session.execute(
                dialect_insert(votes)
                .values(article_id=article_id, voter_key=voter_key, stars=stars,
                        ip_hash=ip_hash, created_at=now, updated_at=now)
                .on_conflict_do_nothing(index_elements=["article_id", "voter_key"])
                .returning(votes.c.id)
            ).first()
            if inserted is not None:
                add_to_counters(RatingSummary, key,
                                {"vote_count": 1, "star_sum": stars, star_column(stars): 1})
                db.session.commit()
                return VoteOutcome(stars, None)
            # SET right-hand sides see the row as it was, so previous_stars gets the old value
            # under the row's lock: no read-then-write.
            previous = db.session.execute(
                update(votes)
                .where(votes.c.article_id == article_id, votes.c.voter_key == voter_key)
                .values(previous_stars=votes.c.stars, stars=stars, ip_hash=ip_hash,
                        updated_at=now)
                .returning(votes.c.previous_stars)
            ).scalar_one_or_none()
            if previous is None:
                db.session.rollback()
                continue
            if previous != stars:
                add_to_counters(RatingSummary, key, {
                    "star_sum": stars - previous, star_column(previous): -1,
                    star_column(stars): 1})
            db.session.commit()
            return VoteOutcome(stars, previous)
        raise RuntimeError("vote kept disappearing")  # pragma: no cover - needs a race twice
    except BaseException:
        db.session.rollback()
        raise


def withdraw_vote(article_id: int, voter_key: str) -> int | None:
    """Delete the voter's vote and take it out of the summary; returns its stars, or None."""
    votes = RatingVote.__table__
    try:
        stars = db.session.execute(
            delete(votes)
            .where(votes.c.article_id == article_id, votes.c.voter_key == voter_key)
            .returning(votes.c.stars)
        ).scalar_one_or_none()
        if stars is not None:
            add_to_counters(RatingSummary, {"article_id": article_id},
                            {"vote_count": -1, "star_sum": -stars, star_column(stars): -1})
        db.session.commit()
        return stars
    except BaseException:
        db.session.rollback()
        raise


# --- the widget --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Widget:
    """Everything ``rating/_widget.html`` shows."""

    article: Article
    totals: Totals
    current: int | None
    message: str = ""
    is_error: bool = False

    titles = STAR_TITLES


def widget_for(article: Article, message: str = "", is_error: bool = False) -> Widget:
    """The widget of ``article`` for this request's voter (whose cookie is set if new)."""
    g.rating_private = True
    voter = current_voter_key(create=True)
    return Widget(article, rating_summary(article.id), current_vote(article.id, voter),
                  message, is_error)


# The block as a visitor without a vote sees it, per article, with the CSRF token as a hole.
# Each process forgets an article's copy when a vote passes through it; votes in other processes
# show here within the TTL.
_unvoted_widgets: TTLCache[Shell] = TTLCache(ttl=2)


def widget_html(article) -> str:
    """The rating block for this request's visitor, as HTML.

    A visitor who has not voted (no voter cookie yet, not signed in) sees the same block as
    every such visitor but for the CSRF token, so that block is rendered once per article and
    filled in; anyone else gets their own rendering with their vote.
    """
    if VOTER_COOKIE in request.cookies or current_user.is_authenticated:
        return render_template("rating/_widget.html", rating=widget_for(article))
    g.rating_private = True
    current_voter_key(create=True)  # the cookie is set with the form, as widget_for does

    def render_unvoted() -> Shell:
        widget = Widget(article, rating_summary(article.id), None)
        return Shell.from_html(render_template("rating/_widget.html", rating=widget,
                                               csrf_token=lambda: hole("csrf")))

    return _unvoted_widgets.get(article.id, render_unvoted).fill({"csrf": generate_csrf})


def forget_widget(article_id: int) -> None:
    """Drop this process's cached block of an article (its totals changed)."""
    _unvoted_widgets.forget(article_id)


def rating_context(article: Article) -> dict:
    """Template context for the article page's rating block (None when rating is off)."""
    if not article.rating_enabled:
        return {"rating": None}
    messages = get_flashed_messages(category_filter=[FLASH_CATEGORY])
    return {"rating": widget_for(article, messages[-1] if messages else "")}


# --- HTTP --------------------------------------------------------------------------------------

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


def client_address() -> str:
    """The client's address (ProxyFix has already applied ``DANVAN_PROXIES``)."""
    return request.remote_addr or "unknown"


def _wants_fragment() -> bool:
    return request.headers.get("HX-Request") == "true"


def answer(article: Article, message: str, status: int = 200, is_error: bool = False):
    """HTMX gets the widget with the message; a plain form post gets 303 back to the article."""
    if _wants_fragment():
        widget = widget_for(article, message, is_error)
        body = render_template("rating/_widget.html", rating=widget)
        return body, status, {"Vary": "HX-Request"}
    if is_error:
        return render_error(status, message)
    from .articles import article_url

    flash(message, FLASH_CATEGORY)
    return redirect(article_url(article) + "#danh-gia", code=303), {"Vary": "HX-Request"}


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
    outcome = record_vote(article.id, current_voter_key(create=True), stars, client_address(),
                          current_app.config["RATING_PER_IP"])
    forget_widget(article.id)
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
    forget_widget(article.id)
    return answer(article, MESSAGES["withdrawn"])


@bp.get("/api/articles/<int:article_id>/rating")
def rating_json(article_id: int):
    """The JSON twin of the rating block."""
    article = db.session.get(Article, article_id)
    if article is None or not article.is_visible():
        return jsonify(error="not found", message=MESSAGES["no_article"]), 404
    return jsonify(rating_summary(article.id).as_json())


@bp.after_app_request
def _personal_responses(response):
    """Set a new visitor's voter cookie; keep pages that show a personal vote out of caches."""
    if g.pop("rating_new_voter", False):
        response.set_cookie(
            VOTER_COOKIE, _voter_serializer().dumps(g.rating_voter_token),
            max_age=VOTER_COOKIE_AGE, httponly=True, samesite="Lax",
            secure=current_app.config["SECURE_COOKIES"])
    if g.get("rating_private"):
        response.cache_control.private = True
        response.cache_control.no_cache = True
        response.cache_control.public = False
        response.vary.add("Cookie")
    return response


def init_app(app: Flask) -> None:
    """Register the blueprint and the ``flask rating`` commands; check the rate limit text."""
    from limits import parse_many

    from .config import ConfigError
    from .rating_cli import rating_cli

    try:
        parse_many(app.config["RATING_RATE_LIMIT"])
    except ValueError:
        raise ConfigError(
            f"DANVAN_RATING_RATE_LIMIT={app.config['RATING_RATE_LIMIT']!r} is not a rate limit "
            "(for example \"10 per minute;60 per hour\").") from None

    app.register_blueprint(bp)
    app.cli.add_command(rating_cli)
