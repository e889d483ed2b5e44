"""Reading pages for residents: one by its address, and the pages the main menu shows.

The menu is drawn by every page, so it is read once into frozen values and kept in
``pages.menu`` (forgotten by the PAGE topic, which the page shells declare too).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..core.caches import cache
from ..extensions import db
from .models import Page, PageKind


@dataclass(frozen=True)
class MenuPage:
    """A page as the menu shows it: its title, its address and the pages under it."""

    id: int
    title: str
    url: str
    children: tuple[MenuPage, ...] = ()


@dataclass(frozen=True)
class PageMenu:
    """The pages of the main menu: ordinary ones (before the categories) and contact pages
    (last, after "Văn bản")."""

    pages: tuple[MenuPage, ...] = ()
    contact: tuple[MenuPage, ...] = ()


def page_url(page: Page) -> str:
    """A page's public address: ``/lien-he`` for the contact page, else ``/gioi-thieu/<slug>``."""
    if page.kind == PageKind.CONTACT.value:
        return url_for("pages.contact")
    return url_for("pages.page", slug=page.slug)


def english_url(page: Page) -> str:
    """Where a page's English version is, or would be: ``/en/<slug_en>``, else the Vietnamese
    address's slug under ``/en/`` (a page there says it is not translated yet)."""
    return url_for("english.page", slug=page.slug_en if page.has_english else page.slug)


def ordered_pages():
    """Pages in menu order: by ``sort_order`` (within their group), then id."""
    return select(Page).order_by(Page.sort_order, Page.id)


def _read_menu() -> PageMenu:
    rows = db.session.scalars(
        ordered_pages().where(Page.published.is_(True), Page.in_menu.is_(True))
    ).all()
    children: dict[int, list[MenuPage]] = {}
    for row in rows:
        if row.parent_id is not None:
            child = MenuPage(row.id, row.title, page_url(row))
            children.setdefault(row.parent_id, []).append(child)
    pages: list[MenuPage] = []
    contact: list[MenuPage] = []
    for row in rows:
        if row.parent_id is not None:
            continue
        item = MenuPage(row.id, row.title, page_url(row), tuple(children.get(row.id, ())))
        (contact if row.is_contact else pages).append(item)
    return PageMenu(tuple(pages), tuple(contact))


def page_menu() -> PageMenu:
    """The menu's pages; none when the database cannot be read, so that the error page that
    says so can still be drawn."""
    try:
        return cache("pages.menu").get("menu", _read_menu)
    except SQLAlchemyError:
        db.session.rollback()
        return PageMenu()


def published_page(slug: str) -> Page | None:
    """The published page at ``slug``, or None."""
    return db.session.scalar(select(Page).where(Page.slug == slug, Page.published.is_(True)))


def contact_page() -> Page | None:
    """The first published contact page (``/lien-he`` shows it), or None."""
    return db.session.scalar(
        ordered_pages()
        .where(Page.kind == PageKind.CONTACT.value, Page.published.is_(True))
        .limit(1)
    )


def subpages(page: Page) -> list[Page]:
    """The published pages under ``page``, in order (listed at the foot of a parent page)."""
    return list(
        db.session.scalars(
            ordered_pages().where(Page.parent_id == page.id, Page.published.is_(True))
        )
    )


def tree_order(pages: list[Page]) -> list[Page]:
    """``pages`` (in ``ordered_pages()`` order) as the menu shows them: each top-level page
    followed by its subpages; subpages whose parent is not among them come last."""
    children: dict[int, list[Page]] = {}
    for page in pages:
        if page.parent_id is not None:
            children.setdefault(page.parent_id, []).append(page)
    ordered: list[Page] = []
    for page in pages:
        if page.parent_id is None:
            ordered += [page, *children.pop(page.id, [])]
    return ordered + [page for group in children.values() for page in group]


def english_pages() -> list[Page]:
    """Every published page with an English version, in menu order (the English home lists
    them). A site has tens of pages, so they are read whole and put in order here."""
    pages = list(db.session.scalars(ordered_pages().where(Page.published.is_(True))))
    return [page for page in tree_order(pages) if page.has_english]
