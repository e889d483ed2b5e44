"""The documents' types and fields (``/quan-tri/van-ban/phan-loai/``), admins only: add one,
delete one no document uses. Editors choose among them in the document form; the public list
filters by them, so a change here changes every reader's filter."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, url_for
from sqlalchemy import func, select

from ..core.caches import DOCUMENT, forget
from ..core.errors import render_error
from ..core.text import slugify
from ..documents.lookups import all_fields, all_types
from ..documents.models import Document, DocumentField, DocumentType
from ..extensions import db
from ..staff import audit
from .blueprint import FLASH_CATEGORY, admin_required, bp, staff_page
from .document_forms import ConfirmForm, LookupForm

# URL part → (model, the document column naming it, audit name, Vietnamese name)
KINDS: dict[str, tuple[type[DocumentType] | type[DocumentField], Any, str, str]] = {
    "loai": (DocumentType, Document.doc_type_id, "document_type", "loại văn bản"),
    "linh-vuc": (DocumentField, Document.field_id, "document_field", "lĩnh vực"),
}
KIND_PATH = "<any('loai', 'linh-vuc'):kind>"


def _usage(column) -> dict[int, int]:
    rows = db.session.execute(select(column, func.count()).group_by(column))
    return {key: count for key, count in rows if key is not None}


def _page(status: int = 200, **forms):
    return staff_page(
        "admin/document_lookups.html",
        status=status,
        types=all_types(),
        fields=all_fields(),
        type_counts=_usage(Document.doc_type_id),
        field_counts=_usage(Document.field_id),
        type_form=forms.get("loai") or LookupForm(formdata=None, prefix="loai"),
        field_form=forms.get("linh-vuc") or LookupForm(formdata=None, prefix="linh-vuc"),
        confirm=ConfirmForm(),
    )


@bp.get("/van-ban/phan-loai/")
@admin_required
def document_lookups():
    """The types and fields, with how many documents use each."""
    return _page()


@bp.post(f"/van-ban/phan-loai/{KIND_PATH}")
@admin_required
def document_lookup_create(kind: str):
    """Add a type or a field, last in the list."""
    model, _, target, label = KINDS[kind]
    form = LookupForm(prefix=kind)
    if form.validate():
        name = " ".join(form.name.data.split())
        slug = slugify(name)
        taken = db.session.scalar(
            select(model.id).where((model.name == name) | (model.slug == slug))
        )
        if taken is None:
            last = db.session.scalar(select(func.max(model.sort_order))) or 0
            item = model(name=name, slug=slug, sort_order=last + 10)
            db.session.add(item)
            db.session.flush()
            audit.record(f"{target}.create", target, item.id, name)
            db.session.commit()
            forget(DOCUMENT)
            flash(f"Đã thêm {label} “{name}”.", FLASH_CATEGORY)
            return redirect(url_for("admin.document_lookups"), code=303)
        form.name.errors = [f"Đã có {label} “{name}” (hoặc một tên cùng đường dẫn)."]
    return _page(status=422, **{kind: form})


@bp.post(f"/van-ban/phan-loai/{KIND_PATH}/<int:item_id>/xoa")
@admin_required
def document_lookup_delete(kind: str, item_id: int):
    """Delete a type or field that no document uses."""
    model, column, target, label = KINDS[kind]
    item = db.get_or_404(model, item_id)
    used = db.session.scalar(select(func.count()).where(column == item_id)) or 0
    if used:
        return render_error(400, f"Không xoá được {label} “{item.name}”: {used} văn bản đang dùng.")
    name = item.name
    db.session.delete(item)
    audit.record(f"{target}.delete", target, item_id, name)
    db.session.commit()
    forget(DOCUMENT)
    flash(f"Đã xoá {label} “{name}”.", FLASH_CATEGORY)
    return redirect(url_for("admin.document_lookups"), code=303)
