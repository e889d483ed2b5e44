"""The document types and fields: the standard list a site starts with, and reading them."""

from __future__ import annotations

from sqlalchemy import select

from ..core.text import slugify
from ..extensions import db
from .models import DocumentField, DocumentType

# The kinds of document the committee issues or receives ("Khác" for the rest), in the order
# staff pick them; staff may add more on the types screen.
STANDARD_TYPES = (
    "Nghị quyết",
    "Chỉ thị",
    "Quyết định",
    "Kết luận",
    "Quy định",
    "Hướng dẫn",
    "Kế hoạch",
    "Thông báo",
    "Báo cáo",
    "Công văn",
    "Chương trình",
    "Khác",
)
SAMPLE_FIELDS = ("Công tác dân vận", "Dân tộc, tôn giáo", "Quy chế dân chủ ở cơ sở")


def add_standard_types() -> None:
    """Add the standard types that are missing (the caller commits)."""
    present = set(db.session.scalars(select(DocumentType.name)))
    for order, name in enumerate(STANDARD_TYPES):
        if name not in present:
            db.session.add(DocumentType(name=name, slug=slugify(name), sort_order=order * 10))


def add_fields(names: tuple[str, ...]) -> None:
    """Add these fields where missing (the caller commits)."""
    present = set(db.session.scalars(select(DocumentField.name)))
    for order, name in enumerate(names):
        if name not in present:
            db.session.add(DocumentField(name=name, slug=slugify(name), sort_order=order * 10))


def all_types() -> list[DocumentType]:
    """Every type, in order."""
    return list(
        db.session.scalars(select(DocumentType).order_by(DocumentType.sort_order, DocumentType.id))
    )


def all_fields() -> list[DocumentField]:
    """Every field, in order."""
    return list(
        db.session.scalars(
            select(DocumentField).order_by(DocumentField.sort_order, DocumentField.id)
        )
    )
