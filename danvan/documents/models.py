"""Documents (Văn bản): what the committee issues, with its number and symbol, and its files.

Types (Nghị quyết, Hướng dẫn …) and fields (lĩnh vực) are small lookup tables, so the public
list filters by key and every document names them the same way. The list's filters are
served by indexes that lead with the filter and end with the date issued (the list's order):
``(published, issued_on)``, ``(doc_type_id, issued_on)``, ``(field_id, issued_on)``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.clock import utcnow
from ..core.database import UTCDateTime
from ..extensions import Model

# Under the instance's uploads folder; never served by /uploads/ (downloads check publishing).
DOCUMENTS_FOLDER = "documents"


class LookupColumns:
    """What a lookup row has: a name, its slug (the public filter's value), a place in order."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    sort_order: Mapped[int] = mapped_column(default=0)


class DocumentType(LookupColumns, Model):
    """A kind of document: Nghị quyết, Chỉ thị, Hướng dẫn …"""

    __tablename__ = "document_types"


class DocumentField(LookupColumns, Model):
    """A field of work a document belongs to (lĩnh vực): Công tác dân vận, Tôn giáo …"""

    __tablename__ = "document_fields"


class Document(Model):
    """One document: number and symbol (``15-HD/BDVTU``), title (trích yếu), who issued it
    and when, its type and field, a summary, and its files."""

    __tablename__ = "documents"
    __table_args__ = (
        Index("ix_documents_published_issued", "published", "issued_on"),
        Index("ix_documents_type_issued", "doc_type_id", "issued_on"),
        Index("ix_documents_field_issued", "field_id", "issued_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number_symbol: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(500))
    slug: Mapped[str] = mapped_column(String(200))
    doc_type_id: Mapped[int] = mapped_column(ForeignKey("document_types.id"))
    issuing_body: Mapped[str] = mapped_column(String(200))
    issued_on: Mapped[date] = mapped_column(Date)
    effective_on: Mapped[date | None] = mapped_column(Date)
    signer: Mapped[str] = mapped_column(String(200), default="")
    field_id: Mapped[int | None] = mapped_column(ForeignKey("document_fields.id"))
    summary: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    doc_type: Mapped[DocumentType] = relationship()
    field: Mapped[DocumentField | None] = relationship()
    files: Mapped[list[DocumentFile]] = relationship(
        back_populates="document",
        order_by="(DocumentFile.sort_order, DocumentFile.id)",
        cascade="all, delete-orphan",
    )


class DocumentFile(Model):
    """A file of a document, stored once by content (``<sha256>.<ext>``) under
    ``instance/uploads/documents/``, with the name it was uploaded under."""

    __tablename__ = "document_files"
    __table_args__ = (
        Index("ix_document_files_document", "document_id", "sort_order"),
        # "Does another document still use this stored file?" before removing it from disk.
        Index("ix_document_files_stored_name", "stored_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    stored_name: Mapped[str] = mapped_column(String(80))
    original_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column()
    sort_order: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    document: Mapped[Document] = relationship(back_populates="files")
