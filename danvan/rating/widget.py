"""The rating block of an article page, for this request's visitor.

A visitor who has not voted sees the same block as every such visitor but for the CSRF token,
so that block is rendered once per article and kept in this app's ``rating.unvoted_widgets``
cache (2 s, forgotten when a vote passes through this process); anyone else gets their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from flask import get_flashed_messages, render_template, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ..content.models import Article
from ..core.caches import cache
from ..core.shells import Shell, hole
from .models import STAR_TITLES
from .voter import VOTER_COOKIE, current_voter_key, keep_private
from .votes import Totals, current_vote, rating_summary

FLASH_CATEGORY = "rating"
WIDGET_HOLES = frozenset({"csrf"})


class Rateable(Protocol):
    """What the widget needs of an article: its id (an Article, or a cached page of one)."""

    @property
    def id(self) -> int: ...


@dataclass(frozen=True)
class Widget:
    """Everything ``rating/_widget.html`` shows."""

    article: Rateable
    totals: Totals
    current: int | None
    message: str = ""
    is_error: bool = False

    titles = STAR_TITLES


def widget_for(article: Rateable, message: str = "", is_error: bool = False) -> Widget:
    """The widget of ``article`` for this request's voter (whose cookie is set if new)."""
    keep_private()
    voter = current_voter_key(create=True)
    return Widget(
        article, rating_summary(article.id), current_vote(article.id, voter), message, is_error
    )


def widget_html(article: Rateable) -> str:
    """The rating block for this request's visitor, as HTML.

    A visitor who has not voted (no voter cookie yet, not signed in) sees the same block as
    every such visitor but for the CSRF token, so that block is rendered once per article and
    filled in; anyone else gets their own rendering with their vote.
    """
    if VOTER_COOKIE in request.cookies or current_user.is_authenticated:
        return render_template("rating/_widget.html", rating=widget_for(article))
    keep_private()
    current_voter_key(create=True)  # the cookie is set with the form, as widget_for does

    def render_unvoted() -> Shell:
        widget = Widget(article, rating_summary(article.id), None)
        return Shell.from_html(
            render_template("rating/_widget.html", rating=widget, csrf_token=lambda: hole("csrf")),
            allowed=WIDGET_HOLES,
        )

    shell = cache("rating.unvoted_widgets").get(article.id, render_unvoted)
    return shell.fill({"csrf": generate_csrf})


def rating_context(article: Article) -> dict[str, Widget | None]:
    """Template context for the article page's rating block (None when rating is off)."""
    if not article.rating_enabled:
        return {"rating": None}
    messages = get_flashed_messages(category_filter=[FLASH_CATEGORY])
    return {"rating": widget_for(article, str(messages[-1]) if messages else "")}
