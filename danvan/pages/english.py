"""The English pages under ``/en/``: the committee's overview and the pages staff translated.

Staff write a page's English version beside the Vietnamese one (``Page.title_en``,
``slug_en``, ``body_source_en``); a page without one is not a 404 in English but a page saying
it is not translated yet, linking the Vietnamese text.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from sqlalchemy import select

from ..core.hosts import canonical_url_for
from ..core.http_cache import shared_cacheable
from ..extensions import db
from .menu import english_pages, page_url, published_page
from .models import Page
from .views import alternates

english = Blueprint("english", __name__, url_prefix="/en")


@english.get("/")
@shared_cacheable
def home():
    """The English home: who the committee is, and every page translated so far."""
    return render_template(
        "pages/english_home.html",
        pages=english_pages(),
        page_lang="en",
        lang_switch_url=url_for("articles.index"),
        alternates=[
            ("vi", canonical_url_for("articles.index")),
            ("en", canonical_url_for("english.home")),
            ("x-default", canonical_url_for("articles.index")),
        ],
    )


@english.get("/<slug>")
@shared_cacheable
def page(slug: str):
    """A page's English version at its English slug. At a Vietnamese slug: the English
    address when there is one (301), else a page saying so (200, ``noindex``), not a 404."""
    found = db.session.scalar(select(Page).where(Page.slug_en == slug, Page.published.is_(True)))
    if found is not None and found.has_english:
        return render_template(
            "pages/page_en.html",
            page=found,
            page_lang="en",
            alternates=alternates(found),
            lang_switch_url=page_url(found),
        )
    vietnamese = published_page(slug)
    if vietnamese is None:
        abort(404)
    if vietnamese.has_english:
        return redirect(url_for("english.page", slug=vietnamese.slug_en), code=301)
    return render_template(
        "pages/untranslated.html",
        page=vietnamese,
        page_lang="en",
        lang_switch_url=page_url(vietnamese),
    )
