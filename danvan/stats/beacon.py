"""The counting beacon: ``GET /thong-ke/dem.gif[?bai-viet=<id>]``, a 1x1 image every public
page embeds (``templates/stats/_beacon.html``).

A page may come from a cache (nginx, a CDN) that never asks the site; the image is
``no-store``, so every page a browser loads asks for it again, and that request is what counts
a person's page view, visit and presence, and with ``bai-viet`` the article's view. It works
without JavaScript. Bots (counted from their page requests, ``counting.py``) and prefetches or
prerenders (nobody has looked yet) are not counted. The answer is the same GIF whatever
happens, and no cookie is set; the beacon reads the session only when the request carries its
cookie (a signed-in staff member, counted as such), never for a guest.
"""

from __future__ import annotations

import base64
import logging
from typing import Any

from flask import Response, current_app, request, url_for
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..content.models import Article, is_public
from ..core.caches import cache
from ..core.clock import utcnow
from ..core.routing import MAX_ID
from ..extensions import db
from .counting import current_visitor, stats_store
from .views import bp

log = logging.getLogger("danvan.stats")

# A transparent 1x1 GIF (42 bytes).
GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
ARTICLE_PARAMETER = "bai-viet"


def beacon_url(article_id: int | None = None) -> str:
    """The beacon's address for a page (an article page names its article)."""
    if article_id is None:
        return url_for("stats.beacon")
    values: dict[str, Any] = {ARTICLE_PARAMETER: article_id}
    return url_for("stats.beacon", **values)


@bp.get("/thong-ke/dem.gif")
def beacon():
    """Count this guest's page view (and the article's view), then answer the GIF."""
    if current_app.config["STATS_ENABLED"] and request.method == "GET":
        try:
            count_beacon(request.args.get(ARTICLE_PARAMETER))
        except SQLAlchemyError as error:  # the database is away: one line, not a traceback each
            log.warning("beacon not counted: %s", str(error).splitlines()[0])
            db.session.rollback()
        except Exception:  # counting must never break the page
            log.exception("beacon not counted")
            db.session.rollback()
    response = Response(GIF, mimetype="image/gif")
    response.headers["Cache-Control"] = "no-store"
    return response


def count_beacon(article: str | None) -> None:
    """Count the person asking; the article view only for an article residents may read now."""
    visitor = current_visitor()
    if visitor is None or not visitor.is_person:
        return  # a prefetch or prerender (nobody looked yet), or a bot
    store, moment = stats_store(), utcnow()
    store.record_page_view(visitor, moment)
    article_id = parse_id(article)
    if article_id is not None and readable(article_id):
        store.count_article_view(visitor, article_id, moment)


def parse_id(raw: str | None) -> int | None:
    """``?bai-viet=<id>`` as an id, or None for anything else (nothing to count, no error)."""
    if raw and raw.isascii() and raw.isdigit() and len(raw) <= len(str(MAX_ID)):
        number = int(raw)
        if 1 <= number <= MAX_ID:
            return number
    return None


def readable(article_id: int) -> bool:
    """True while residents may read the article (published, its time come).

    This process's shell of the article page (``site/shells.py``) answers when it has one, at
    no cost; else one query by primary key. The beacon never renders a page: a staff member's
    request would render it with their footer, for every reader after.
    """
    page = cache("site.article_pages").peek(article_id)
    if page is not None:
        return page.is_visible()
    row = db.session.execute(
        select(Article.status, Article.published_at).where(Article.id == article_id)
    ).first()
    db.session.commit()
    return row is not None and is_public(row.status, row.published_at)
