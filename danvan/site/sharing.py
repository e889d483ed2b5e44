"""The share bar under an article: print, save, Facebook, the device's share sheet, copy link.

Everything in it is a plain link or a button our own ``static/js/site.js`` enhances: no
third-party script, so the Content-Security-Policy stays ``script-src 'self'``. The article
page is a shell shared by every reader, so the bar holds only the article's own addresses.

Facebook's sharer takes the article's absolute address, which only ``DANVAN_SITE_URL`` gives
(``core/hosts.py``; never the request's Host): without it the Facebook link is left out rather
than sharing a path Facebook cannot open. The copy and share-sheet buttons resolve the address
in the reader's browser, against the page they are reading, so they work either way.

Zalo documents sharing only through its JavaScript SDK (``sp.zalo.me/plugins/sdk.js``, with an
Official Account id), which the CSP forbids and this site would not load; the addresses some
sites link to instead (``sp.zalo.me/share_inline``, ``zalo.me/share``) are not documented and
may stop working. So Zalo is reached through the Web Share API: on a phone with Zalo, "Chia sẻ
qua ứng dụng" opens the system share sheet, where Zalo is one of the choices; elsewhere the
copied link can be pasted into Zalo.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import url_for

from ..content.links import Addressable

FACEBOOK_SHARER = "https://www.facebook.com/sharer/sharer.php"


def share_bar(article: Addressable, canonical_url: str) -> dict[str, str | None]:
    """The addresses the share bar links to (``facebook`` is None without an absolute URL)."""
    values: dict[str, Any] = {"slug": article.slug, "article_id": article.id}
    absolute = canonical_url.startswith(("https://", "http://"))
    return {
        "print": url_for("articles.article", **values, print="1"),
        "save": url_for("articles.article", **values, save="1"),
        "facebook": f"{FACEBOOK_SHARER}?{urlencode({'u': canonical_url})}" if absolute else None,
        "url": canonical_url,
    }
