"""The committee's logo as pages draw it, and the JSON-LD ``publisher`` that names the site.

The logo is an upload (``danvan/media/``) an admin chose; without one, pages draw the emblem
(``templates/base.html``, ``static/img/emblem.svg`` for machines). The header shows it in a
56 x 56 box, so it takes the upload's smallest stored copy: a 320-pixel WebP rather than the
1600-pixel image, a few KB on every first visit instead of a few hundred.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from ..core.caches import cache
from ..core.hosts import site_url_for
from ..extensions import db
from ..media.models import Upload
from ..media.variants import image_thumbnail_url
from .store import current_identity

EMBLEM = "img/emblem.svg"


@dataclass(frozen=True)
class SiteLogo:
    """The chosen upload: its name and the address of the copy the header shows."""

    name: str
    src: str


def _look_up(name: str) -> tuple[SiteLogo | None]:
    upload = db.session.get(Upload, name)
    # A tuple, so that "no such upload" is cached too (the cache treats None as missing).
    return (SiteLogo(upload.name, image_thumbnail_url(upload)) if upload is not None else None,)


def site_logo() -> SiteLogo | None:
    """The logo pages show, or None for the drawn emblem (also when the database is down,
    so that the page saying so can still be drawn)."""
    name = current_identity().logo
    if not name:
        return None
    try:
        return cache("identity.current").get(("logo", name), lambda: _look_up(name))[0]
    except SQLAlchemyError:
        db.session.rollback()
        return None


def publisher_schema() -> dict[str, Any]:
    """schema.org's ``Organization`` that publishes the site's articles: the committee's full
    name and, when ``DANVAN_SITE_URL`` gives absolute addresses, its logo (or the emblem)."""
    publisher: dict[str, Any] = {"@type": "Organization", "name": current_identity().full_name}
    logo = site_logo()
    if logo is not None:
        url = site_url_for("media.upload", name=logo.name)
    else:
        url = site_url_for("static", filename=EMBLEM)
    if url:
        publisher["logo"] = {"@type": "ImageObject", "url": url}
    return publisher
