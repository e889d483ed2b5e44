"""Text helpers for content: HTML sanitising and URL slugs."""

from __future__ import annotations

import re
import unicodedata

import nh3

# What an article body may contain: structure, emphasis, links, images, tables. Nothing that
# runs (script, style, event handlers, javascript: URLs) survives nh3.
ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}


def sanitize_html(html: str | None) -> str:
    """Return ``html`` with everything but the allowed tags, attributes and URL schemes removed."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def slugify(text: str, max_length: int = 100) -> str:
    """Make a URL slug from Vietnamese text: no diacritics, lower case, words joined by '-'.

    >>> slugify("Cả hệ thống chính trị của tỉnh")
    'ca-he-thong-chinh-tri-cua-tinh'
    """
    # đ/Đ are letters of their own, not d with a mark, so NFKD alone keeps them.
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug or "bai-viet"


def plain_text(html: str) -> str:
    """The text of an HTML fragment, tags removed and white space folded (for descriptions)."""
    text = nh3.clean(html or "", tags=set())
    return re.sub(r"\s+", " ", text).strip()
