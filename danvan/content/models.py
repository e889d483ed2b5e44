"""The content model: categories, articles, banners, links and the site's own settings."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..core.clock import utcnow
from ..core.database import UTCDateTime
from ..core.text import sanitize_html
from ..extensions import Model
from ..media.models import Upload


class ArticleStatus(enum.StrEnum):
    """Whether residents can see an article."""

    DRAFT = "draft"
    PUBLISHED = "published"


def is_public(status: str, published_at: datetime | None, now: datetime | None = None) -> bool:
    """True for a published article whose publish time has come."""
    return (
        status == ArticleStatus.PUBLISHED.value
        and published_at is not None
        and published_at <= (now or utcnow())
    )


class Category(Model):
    """A section of the site (Tin tức, Hoạt động, ...), possibly inside another one.

    ``sort_order`` places it among its siblings in the menu; a ``hidden`` category keeps its
    articles readable at their own URLs but shows in no menu, list or feed.
    """

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    sort_order: Mapped[int] = mapped_column(default=0, server_default="0")
    hidden: Mapped[bool] = mapped_column(default=False, server_default="0")

    articles: Mapped[list[Article]] = relationship(back_populates="category")
    parent: Mapped[Category | None] = relationship(remote_side=[id])


# Which tags an article has; the tag_id-first index serves a tag page's list.
article_tags = Table(
    "article_tags",
    Model.metadata,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_article_tags_tag_id", "tag_id", "article_id"),
)


class Tag(Model):
    """A keyword staff attach to articles ("chuyển đổi số"); each has a page of its articles."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    slug: Mapped[str] = mapped_column(String(100), unique=True)


class Article(Model):
    """A news article. ``body_html`` is sanitised whenever it is assigned."""

    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_status_published_at", "status", "published_at"),
        # A category page: its articles, newest first, without scanning the table.
        Index("ix_articles_category_published", "category_id", "status", "published_at"),
        # "Is this article readable, and when was it published?" from the index alone: a tag
        # page joins thousands of ids, and on SQLite these columns sit after the bodies, in
        # overflow pages (0.06 s for one tag's count at 50,000 articles without it).
        Index("ix_articles_id_status_published", "id", "status", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    slug: Mapped[str] = mapped_column(String(500))
    summary: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    # What the editor typed (Markdown, raw HTML allowed); body_html is rendered from it on save.
    body_source: Mapped[str] = mapped_column(Text, default="", server_default="")
    source: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(20), default=ArticleStatus.DRAFT.value)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    view_count: Mapped[int] = mapped_column(default=0)
    rating_enabled: Mapped[bool] = mapped_column(default=True)
    # Residents' comments (danvan/comments/): the per-article switch, and how many are approved,
    # moved only by relative increments with the status change (comments/moderation.py).
    comments_enabled: Mapped[bool] = mapped_column(default=True, server_default="1")
    comment_count: Mapped[int] = mapped_column(default=0, server_default="0")
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    # The lead image: an upload (danvan/media/) and the words a screen reader says for it.
    image_name: Mapped[str | None] = mapped_column(ForeignKey("uploads.name", ondelete="SET NULL"))
    image_alt: Mapped[str] = mapped_column(String(300), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    category: Mapped[Category | None] = relationship(back_populates="articles")
    tags: Mapped[list[Tag]] = relationship(secondary=article_tags, order_by="Tag.name")
    image: Mapped[Upload | None] = relationship()

    @validates("body_html")
    def _sanitize_body(self, key: str, value: str) -> str:
        return sanitize_html(value)

    @validates("status")
    def _check_status(self, key: str, value: str) -> str:
        return ArticleStatus(value).value

    def is_visible(self, now: datetime | None = None) -> bool:
        """True when residents may read it: published, and its publish time has come."""
        return is_public(self.status, self.published_at, now)


class Banner(Model):
    """An image banner in the sidebar.

    ``image`` is a path under ``static/`` (``img/banners/x.png``) or an uploaded image
    (``uploads/<hash>.webp``, served by danvan/media/views.py).
    """

    __tablename__ = "banners"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    image: Mapped[str] = mapped_column(String(500))
    width: Mapped[int] = mapped_column(default=300)
    height: Mapped[int] = mapped_column(default=100)
    link_url: Mapped[str] = mapped_column(String(1000), default="")
    position: Mapped[str] = mapped_column(String(50), default="sidebar-top")
    sort_order: Mapped[int] = mapped_column(default=0)
    enabled: Mapped[bool] = mapped_column(default=True)


class Link(Model):
    """An entry of the "Liên kết" block."""

    __tablename__ = "links"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(1000))
    sort_order: Mapped[int] = mapped_column(default=0)
    enabled: Mapped[bool] = mapped_column(default=True)


class SiteSetting(Model):
    """A named value the site keeps about itself (a one-time marker, an operator's figure)."""

    __tablename__ = "site_settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
