"""Tags: the keywords staff type for an article ("chuyển đổi số, Mặt trận"), each with a page.

Staff type them separated by commas; two spellings with the same address (``Chuyển đổi số``
and ``chuyen doi so``) are the same tag, and the first spelling ever typed names it.
"""

from __future__ import annotations

from sqlalchemy import select

from ..core.text import slugify
from ..extensions import db
from .models import Article, Tag

MAX_TAGS = 20
MAX_TAG_LENGTH = 100
TOO_MANY = f"Mỗi bài viết có tối đa {MAX_TAGS} từ khóa."
TOO_LONG = f"Mỗi từ khóa dài tối đa {MAX_TAG_LENGTH} ký tự."


def parse_tags(text: str) -> list[tuple[str, str]]:
    """The typed tags as (name, slug) pairs, in order, blanks and repeats dropped.

    Raises ``ValueError`` with a Vietnamese message for too many or too long tags.
    """
    found: dict[str, str] = {}
    for raw in (text or "").split(","):
        name = " ".join(raw.split())
        if not name:
            continue
        if len(name) > MAX_TAG_LENGTH:
            raise ValueError(TOO_LONG)
        slug = slugify(name, max_length=MAX_TAG_LENGTH)
        found.setdefault(slug, name)
    if len(found) > MAX_TAGS:
        raise ValueError(TOO_MANY)
    return [(name, slug) for slug, name in found.items()]


def set_tags(article: Article, pairs: list[tuple[str, str]]) -> None:
    """Give ``article`` exactly these tags, creating the ones that do not exist yet."""
    slugs = [slug for _, slug in pairs]
    with db.session.no_autoflush:
        existing = {
            tag.slug: tag for tag in db.session.scalars(select(Tag).where(Tag.slug.in_(slugs)))
        }
    tags = []
    for name, slug in pairs:
        tag = existing.get(slug)
        if tag is None:
            tag = existing[slug] = Tag(name=name, slug=slug)
            db.session.add(tag)
        tags.append(tag)
    article.tags = tags


def tags_text(article: Article) -> str:
    """The article's tags as staff type them."""
    return ", ".join(tag.name for tag in article.tags)
