"""The rating block of an article page: the same for every resident, or one voter's own.

The block inside an article page is the one a visitor without a vote sees: it carries no token
and no vote, so the page is the same for every resident and a shared cache may keep it
(``core/http_cache.py``). It is rendered once per article and kept in this app's
``rating.unvoted_widgets`` cache (2 s, forgotten when a vote passes through this process).

A visitor's own block (their stars, "Rút lại") is ``widget_for``: the answer to a vote, the
own-vote page and fragment (``GET /tin-tuc/<id>/danh-gia``, which ``site.js`` loads when the
visitor has voted before), and the page signed-in staff get. It is never shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from flask import render_template

from ..content.models import Article
from ..core.caches import cache
from .models import STAR_TITLES
from .voter import current_voter_key, keep_private
from .votes import Totals, current_vote, rating_summary


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
    shared: bool = False  # the block every resident gets: it asks for the visitor's own

    titles = STAR_TITLES


def widget_for(article: Rateable, message: str = "", is_error: bool = False) -> Widget:
    """The widget of ``article`` for this request's voter (none yet: no vote shown); private."""
    keep_private()
    voter = current_voter_key()
    current = current_vote(article.id, voter) if voter is not None else None
    return Widget(article, rating_summary(article.id), current, message, is_error)


def shared_widget_html(article: Rateable) -> str:
    """The rating block as every resident without a vote sees it (no token, no vote)."""

    def render() -> str:
        widget = Widget(article, rating_summary(article.id), None, shared=True)
        return render_template("rating/_widget.html", rating=widget, form_token=lambda: "")

    return cache("rating.unvoted_widgets").get(article.id, render)


def rating_context(article: Article) -> dict[str, Widget | None]:
    """Template context for a personally rendered article page's rating block (None when off)."""
    if not article.rating_enabled:
        return {"rating": None}
    return {"rating": widget_for(article)}
