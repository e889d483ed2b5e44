"""The sidebar shared by every public page: image banners and the "Liên kết" block."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..content.models import Banner, Link
from ..core.caches import cache
from ..extensions import db


@dataclass(frozen=True)
class BannerView:
    """What a template needs to draw one banner."""

    title: str
    image: str
    width: int
    height: int
    link_url: str


@dataclass(frozen=True)
class LinkView:
    """One entry of the links block."""

    title: str
    url: str


@dataclass(frozen=True)
class Sidebar:
    """Banners grouped by position, and the links, as plain values safe to share across requests."""

    banners: dict[str, tuple[BannerView, ...]]
    links: tuple[LinkView, ...]


def load_sidebar() -> Sidebar:
    """Read enabled banners and links, in their order, from the database."""
    banners: dict[str, list[BannerView]] = {}
    rows = db.session.scalars(
        select(Banner).where(Banner.enabled.is_(True)).order_by(Banner.sort_order, Banner.id)
    )
    for banner in rows:
        banners.setdefault(banner.position, []).append(
            BannerView(banner.title, banner.image, banner.width, banner.height, banner.link_url)
        )
    links = tuple(
        LinkView(link.title, link.url)
        for link in db.session.scalars(
            select(Link).where(Link.enabled.is_(True)).order_by(Link.sort_order, Link.id)
        )
    )
    return Sidebar({position: tuple(items) for position, items in banners.items()}, links)


def current_sidebar() -> Sidebar:
    """The sidebar, from this app's cache (``site.sidebar``: banners and links change a few
    times a year; another process's change shows here within 30 s)."""
    return cache("site.sidebar").get("sidebar", load_sidebar)
