"""The public list of documents: filters by type, field and year, newest first, paginated.

Every filter is a key or a date range the indexes lead with: the year is ``issued_on`` from 1
January to the next 1 January, never a function of the column, so the database reads one range
of ``ix_documents_*_issued``. A page is found as ids first, then only those rows are read with
their types, fields and files (one query each, not one per row).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..site.paging import ListPage
from .models import Document

MIN_YEAR, MAX_YEAR = 1930, 2100  # the Party's first year; anything past 2100 is a typo


@dataclass(frozen=True)
class Filters:
    """What a reader narrowed the list to (None: any)."""

    type_id: int | None = None
    field_id: int | None = None
    year: int | None = None
    ids: Select | None = None  # documents matching the words searched for, when any


def listed(filters: Filters) -> Select:
    """Public documents passing ``filters``, newest first (ids only)."""
    query = select(Document.id).where(Document.published.is_(True))
    if filters.type_id is not None:
        query = query.where(Document.doc_type_id == filters.type_id)
    if filters.field_id is not None:
        query = query.where(Document.field_id == filters.field_id)
    if filters.year is not None:
        query = query.where(
            Document.issued_on >= date(filters.year, 1, 1),
            Document.issued_on < date(filters.year + 1, 1, 1),
        )
    if filters.ids is not None:
        query = query.where(Document.id.in_(filters.ids))
    return query.order_by(Document.issued_on.desc(), Document.id.desc())


def with_details(ids: list[int]) -> list[Document]:
    """The documents of ``ids`` in that order, with type, field and files loaded."""
    if not ids:
        return []
    rows = db.session.scalars(
        select(Document)
        .where(Document.id.in_(ids))
        .options(
            selectinload(Document.doc_type),
            selectinload(Document.field),
            selectinload(Document.files),
        )
    )
    found = {document.id: document for document in rows}
    return [found[document_id] for document_id in ids if document_id in found]


def document_page(filters: Filters, number: int, per_page: int) -> ListPage | None:
    """Page ``number`` of the public list, or None past the last page (page 1 always exists)."""
    query = listed(filters)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    ids = list(db.session.scalars(query.limit(per_page).offset((number - 1) * per_page)))
    if number > 1 and not ids:
        return None
    return ListPage(with_details(ids), number, per_page, total or 0)  # type: ignore[arg-type]


def issued_years() -> list[int]:
    """The years public documents were issued in, newest first (for the filter's choices):
    from the oldest to the newest date, two reads of the index's ends."""
    public = select(Document.issued_on).where(Document.published.is_(True))
    newest = db.session.scalar(public.order_by(Document.issued_on.desc()).limit(1))
    oldest = db.session.scalar(public.order_by(Document.issued_on).limit(1))
    if newest is None or oldest is None:
        return []
    return list(range(newest.year, oldest.year - 1, -1))


def public_count() -> int:
    """How many documents are public (from ``ix_documents_published_issued`` alone)."""
    return (
        db.session.scalar(
            select(func.count()).select_from(Document).where(Document.published.is_(True))
        )
        or 0
    )


def sitemap_rows(offset: int, limit: int) -> list:
    """Public documents for the sitemap, oldest issued first: id, slug and last change."""
    return list(
        db.session.execute(
            select(Document.id, Document.slug, Document.updated_at)
            .where(Document.published.is_(True))
            .order_by(Document.issued_on, Document.id)
            .offset(offset)
            .limit(limit)
        )
    )
