"""The committee's own pages (Giới thiệu, Cơ cấu tổ chức, Liên hệ …) and the contact form's
messages, as stored."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..core.clock import utcnow
from ..core.database import UTCDateTime
from ..core.text import sanitize_html
from ..extensions import Model


class PageKind(enum.StrEnum):
    """What a page shows besides its text: nothing, or the contacts and the contact form."""

    PAGE = "page"
    CONTACT = "contact"


class Page(Model):
    """A page staff write like an article, with an optional English version beside it.

    ``parent_id`` puts a page under a top-level one ("Giới thiệu" › "Cơ cấu tổ chức"), one
    level deep; ``sort_order`` places it among its siblings; ``in_menu`` shows it in the main
    menu. ``body_html`` and ``body_html_en`` are sanitised whenever they are assigned.
    """

    __tablename__ = "pages"
    __table_args__ = (Index("ix_pages_parent_id_sort_order", "parent_id", "sort_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    body_source: Mapped[str] = mapped_column(Text, default="", server_default="")
    body_html: Mapped[str] = mapped_column(Text, default="", server_default="")
    title_en: Mapped[str] = mapped_column(String(500), default="", server_default="")
    slug_en: Mapped[str | None] = mapped_column(String(200), unique=True)
    body_source_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    body_html_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    in_menu: Mapped[bool] = mapped_column(default=False, server_default="0")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("pages.id"))
    sort_order: Mapped[int] = mapped_column(default=0, server_default="0")
    published: Mapped[bool] = mapped_column(default=True, server_default="1")
    kind: Mapped[str] = mapped_column(
        String(20), default=PageKind.PAGE.value, server_default="page"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    parent: Mapped[Page | None] = relationship(remote_side=[id])

    @validates("body_html", "body_html_en")
    def _sanitise(self, key: str, value: str) -> str:
        return sanitize_html(value or "")

    @validates("kind")
    def _check_kind(self, key: str, value: str) -> str:
        return PageKind(value).value

    @property
    def is_contact(self) -> bool:
        return self.kind == PageKind.CONTACT.value

    @property
    def has_english(self) -> bool:
        """True when staff wrote the English version (a title and an address for it)."""
        return bool(self.slug_en and self.title_en)


class ContactMessage(Model):
    """One message a resident sent with the contact form.

    No address or User-Agent is kept (the privacy law asks for no more than the purpose needs):
    the rate limit counts in Flask-Limiter's storage, not here.
    """

    __tablename__ = "contact_messages"
    # Open messages newest first (done_at IS NULL, created_at), done ones by when (done_at),
    # and all of them newest first (created_at).
    __table_args__ = (
        Index("ix_contact_messages_done_at_created_at", "done_at", "created_at"),
        Index("ix_contact_messages_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
