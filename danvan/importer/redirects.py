"""Old NukeViet links: a 301 to the new address, or the 404 page with a search filled in.

Only requests that matched no route reach this (a 404 from routing, ``request.url_rule`` is
None), and only paths shaped like NukeViet's are looked up, each with one primary-key read of
``import_map`` (plus the article's slug): ordinary traffic never touches it. The forms:

- rewritten: ``/<cat>/<alias>-<id>.html``, ``/<cat>/``, ``/<cat>/page-N/``, ``/tag/<alias>``,
  ``/rss/``, ``/rss/<cat>/`` (news is the home module), with ``/news/`` and ``/vi/news/``
  before them on other sites;
- path-info: the same after ``/index.php/``;
- query string: ``/index.php?language=vi&nv=news&op=<cat>/<alias>-<id>``;
- images: ``/uploads/news/<file>`` (and NukeViet's thumbnails ``/assets/news/<file>``), the
  about pages' ``/uploads/about/<file>``;
- the about module: ``/about/<alias>.html``, ``/about/`` (its first page), in every form above
  (``/vi/about/…``, ``/index.php/about/…``, ``?nv=about&op=<alias>``); the contact module:
  ``/contact/`` in every form, to ``/lien-he``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Flask, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import NotFound

from ..content.links import article_url
from ..content.models import Article, Category, Tag
from ..core.errors import render_error
from ..core.htmx import VARY_HEADERS
from ..extensions import db
from ..pages.models import Page
from .models import ImportedItem

ARTICLE = re.compile(r"^(?P<alias>.*)-(?P<id>\d{1,10})(?P<html>\.html)?$")
PAGE = re.compile(r"^page-(\d{1,6})$")
FEEDS = {"rss", "feeds"}
ABOUT, CONTACT = "about", "contact"
# An old uploads folder, and the import_map kind its files were remembered as.
IMAGE_KINDS = {ABOUT: "page_image"}
MESSAGE = (
    "Địa chỉ này là của trang cũ và không còn bài viết hay chuyên mục tương ứng. "
    "Bạn có thể tìm bài viết cần đọc:"
)


@dataclass(frozen=True)
class OldLink:
    """What an old URL names: a kind (article, category, tag, image, page_image, page,
    about, contact, feed, home), its old key, the alias it carried (for the search box) and a
    page number."""

    kind: str
    key: str = ""
    alias: str = ""
    page: int = 1


def parse_old_url(path: str, args: dict[str, str], module: str = "news") -> OldLink | None:
    """What an old NukeViet URL names, or None when the path is not shaped like one."""
    query_form = path in ("/index.php", "/index.php/")
    if query_form:
        if args.get("nv") in FEEDS:
            return OldLink("feed")
        if args.get("nv") in (ABOUT, CONTACT):
            return _module_link(args["nv"], args.get("op", ""))
        if args.get("nv", module) != module:
            return None
        rest = args.get("op", "")
    elif path.startswith("/index.php/"):
        rest = path[len("/index.php/") :]
    else:
        rest = path.lstrip("/")
    segments = [s for s in rest.split("/") if s]
    # A multi-language site: /vi/ alone, or before the module's name.
    if (
        not query_form
        and segments
        and re.fullmatch(r"[a-z]{2}", segments[0])
        and (len(segments) == 1 or segments[1] in (module, ABOUT, CONTACT))
    ):
        segments = segments[1:]
    if segments and segments[0] in (ABOUT, CONTACT) and not query_form:
        return _module_link(segments[0], "/".join(segments[1:]))
    if segments and segments[0] == module and not query_form:
        segments = segments[1:]
    if not segments:
        return OldLink("home") if query_form or path != "/" else None
    first, last = segments[0], segments[-1]
    if first in ("uploads", "assets") and len(segments) > 2:
        kind = "image" if segments[1] == module else IMAGE_KINDS.get(segments[1])
        if kind is not None:
            return OldLink(kind, "/".join(segments[2:]))
    if first == "tag" and len(segments) == 2:
        return OldLink("tag", last.lower(), last)
    if first in FEEDS:
        return OldLink("feed", segments[1].lower() if len(segments) > 1 else "")
    page = PAGE.match(last)
    if page:
        if len(segments) == 1:
            return OldLink("home", page=int(page[1]))
        return OldLink("category", segments[-2].lower(), segments[-2], int(page[1]))
    article = ARTICLE.match(last)
    if article and len(segments) >= 2 and (article["html"] or query_form):
        return OldLink("article", article["id"], article["alias"])
    if query_form or path.endswith("/"):
        return OldLink("category", last.lower(), last)
    return None


def _module_link(name: str, rest: str) -> OldLink:
    """An old link into the about or contact module: a page by its alias, or the module."""
    alias = rest.strip("/").removesuffix(".html")
    if name == CONTACT or not alias:
        return OldLink(name)
    return OldLink("page", alias.lower(), alias)


def _new_id(kind: str, key: str) -> int | None:
    return db.session.scalar(
        select(ImportedItem.new_id).where(ImportedItem.kind == kind, ImportedItem.old_key == key)
    )


def _new_key(kind: str, key: str) -> str | None:
    return db.session.scalar(
        select(ImportedItem.new_key).where(ImportedItem.kind == kind, ImportedItem.old_key == key)
    )


def new_address(link: OldLink) -> str | None:
    """The new address of what an old link names, or None when nothing was brought over."""
    if link.kind == "home":
        return url_for("articles.index")
    if link.kind == "article":
        new_id = _new_id("article", link.key)
        slug = db.session.scalar(select(Article.slug).where(Article.id == new_id))
        return article_url(_Address(new_id, slug)) if new_id and slug is not None else None
    if link.kind in ("category", "feed") and link.key:
        new_id = _new_id("category_alias", link.key)
        slug = db.session.scalar(select(Category.slug).where(Category.id == new_id))
        if slug is None:
            return None
        if link.kind == "feed":
            return url_for("discovery.category_feed", slug=slug)
        if link.page > 1:
            return url_for("listing.category", slug=slug, page=link.page)
        return url_for("listing.category", slug=slug)
    if link.kind == "feed":
        return url_for("discovery.site_feed")
    if link.kind == "tag":
        new_id = _new_id("tag_alias", link.key)
        slug = db.session.scalar(select(Tag.slug).where(Tag.id == new_id))
        return url_for("listing.tag", slug=slug) if slug else None
    if link.kind in ("image", *IMAGE_KINDS.values()):
        name = _new_key(link.kind, link.key)
        return url_for("media.upload", name=name) if name else None
    return _page_address(link)


def _page_address(link: OldLink) -> str | None:
    """The new address of an about page, the about module's first page, or the contact page."""
    if link.kind == CONTACT:
        return url_for("pages.contact")
    if link.kind == "page":
        new_id = _new_id("page_alias", link.key)
        slug = db.session.scalar(select(Page.slug).where(Page.id == new_id))
        return url_for("pages.page", slug=slug) if slug else None
    if link.kind == ABOUT:
        # NukeViet's /about/ shows its first page: the first imported one still published.
        slug = db.session.scalar(
            select(Page.slug)
            .join(ImportedItem, ImportedItem.new_id == Page.id)
            .where(ImportedItem.kind == "page", Page.published.is_(True))
            .order_by(Page.sort_order, Page.id)
            .limit(1)
        )
        return url_for("pages.page", slug=slug) if slug else None
    return None


@dataclass(frozen=True)
class _Address:
    id: int
    slug: str


def search_words(link: OldLink) -> str:
    """The words an old alias spells, for the search box (``ca-he-thong`` -> ``ca he thong``)."""
    return re.sub(r"[-_+]+", " ", link.alias).strip()[:200]


def handle_not_found(error: NotFound):
    """A 404 from routing: an old link's redirect, the 404 with a search, or the usual 404."""
    if request.url_rule is None and request.method in ("GET", "HEAD"):
        link = parse_old_url(request.path, request.args.to_dict())
        if link is not None:
            try:
                target = new_address(link)
            except SQLAlchemyError:
                db.session.rollback()
                target = None
            if target is not None:
                return redirect(target, code=301)
            if link.kind != "home":
                body = render_template(
                    "importer/not_found.html", message=MESSAGE, words=search_words(link)
                )
                return body, 404, dict(VARY_HEADERS)
    return render_error(404, getattr(error, "vietnamese", None))


def init_app(app: Flask) -> None:
    """Answer routing's 404s for old links (more specific than core's HTTPException handler)."""
    app.register_error_handler(NotFound, handle_not_found)
