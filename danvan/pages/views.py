"""The committee's pages for residents at ``/gioi-thieu/<slug>`` (NukeViet's "about" module);
the English versions: ``english.py``; the contact page: ``contact.py``.

Pages change rarely and are read far less than articles, so they are rendered per request;
what every page draws (the menu, the sidebar, the identity) is cached where it is read.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, url_for

from ..core.hosts import canonical_url_for
from ..core.http_cache import shared_cacheable
from ..site.sidebar import current_sidebar
from .menu import english_url, published_page, subpages
from .models import Page

bp = Blueprint("pages", __name__)


def alternates(page: Page) -> list[tuple[str, str]]:
    """The ``hreflang`` links of a page with an English version: Vietnamese (also the default,
    the site's language) and English, absolute at ``DANVAN_SITE_URL``; none without one."""
    if not page.has_english:
        return []
    if page.is_contact:
        vietnamese = canonical_url_for("pages.contact")
    else:
        vietnamese = canonical_url_for("pages.page", slug=page.slug)
    return [
        ("vi", vietnamese),
        ("en", canonical_url_for("english.page", slug=page.slug_en)),
        ("x-default", vietnamese),
    ]


def page_context(page: Page) -> dict[str, Any]:
    """What the page template needs besides the page: its place, its subpages, its links."""
    parent = page.parent if page.parent is not None and page.parent.published else None
    return {
        "page": page,
        "parent": parent,
        "subpages": subpages(page),
        "alternates": alternates(page),
        "lang_switch_url": english_url(page),
        "current_page_id": page.id,
        "sidebar": current_sidebar(),
    }


@bp.get("/gioi-thieu/<slug>")
@shared_cacheable
def page(slug: str):
    """A published page; the contact page lives at ``/lien-he`` and is sent there."""
    found = published_page(slug)
    if found is None:
        abort(404)
    if found.is_contact:
        return redirect(url_for("pages.contact"), code=301)
    return render_template("pages/page.html", **page_context(found))
