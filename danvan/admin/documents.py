"""Staff publish documents (``/quan-tri/van-ban/``): the list, the form (new and edit, files
added and removed), and deleting one after a confirmation.

Files are checked with the rest of the form (``document_forms.py``: the bytes, not the name) and
written to disk only once the whole form is valid; a removed or deleted document's files are
taken off the disk after the commit, unless another document holds the same bytes.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, request, url_for
from sqlalchemy import func, or_, select

from ..core.caches import DOCUMENT, forget
from ..core.clock import utcnow
from ..core.errors import render_error
from ..core.routing import page_number
from ..core.text import slugify
from ..documents import FILES_PER_FORM
from ..documents.files import documents_folder, human_size, stored_file, too_large_message
from ..documents.lookups import all_types
from ..documents.models import Document, DocumentFile
from ..extensions import db
from ..staff import audit
from .blueprint import FLASH_CATEGORY, bp, staff_page
from .document_forms import ACCEPT, ConfirmForm, DocumentForm, vietnamese_errors

PER_PAGE = 30
BAD_FILE_CHOICE = "Tệp cần xoá không thuộc văn bản này."


def _id(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) < 10 else None


@bp.get("/van-ban/")
def documents():
    """Every document, newest issued first, 30 a page; ``q`` narrows by number or title,
    ``loai`` by type."""
    query = select(Document).order_by(Document.issued_on.desc(), Document.id.desc())
    words = request.args.get("q", "").strip()[:100]
    type_id = _id(request.args.get("loai"))
    if words:
        # Staff look for their own documents, drafts included, which the search index leaves
        # out: a scan of two short columns, for staff only.
        pattern = f"%{words}%"
        query = query.where(
            or_(Document.number_symbol.ilike(pattern), Document.title.ilike(pattern))
        )
    if type_id is not None:
        query = query.where(Document.doc_type_id == type_id)
    page = db.paginate(
        query, page=page_number(request.args.get("page")), per_page=PER_PAGE, error_out=False
    )
    values = {"q": words or None, "loai": type_id}
    return staff_page(
        "admin/documents.html",
        page=page,
        words=words,
        type_id=type_id,
        types=all_types(),
        values=values,
    )


def _issuers() -> list[str]:
    # For the datalist: the bodies already named, so the same one is spelt the same way.
    return list(
        db.session.scalars(
            select(Document.issuing_body)
            .group_by(Document.issuing_body)
            .order_by(func.count().desc())
            .limit(50)
        )
    )


def _form_page(form: DocumentForm, document: Document | None, status: int = 200):
    return staff_page(
        "admin/document_form.html",
        status=status,
        form=form,
        document=document,
        issuers=_issuers(),
        accept=ACCEPT,
        human_size=human_size,
        file_limit=too_large_message(current_app.config["DOCUMENT_MAX_BYTES"]),
        files_per_form=FILES_PER_FORM,
    )


@bp.get("/van-ban/moi")
def document_new():
    """An empty document form."""
    return _form_page(DocumentForm(formdata=None), None)


@bp.post("/van-ban/moi")
def document_create():
    """Add a document with its files."""
    return _save(None)


@bp.get("/van-ban/<int:document_id>")
def document_edit(document_id: int):
    """One document's form, with its files."""
    document = db.get_or_404(Document, document_id)
    form = DocumentForm(formdata=None, obj=document)
    form.doc_type_id.data = str(document.doc_type_id)
    form.field_id.data = str(document.field_id or "")
    return _form_page(form, document)


@bp.post("/van-ban/<int:document_id>")
def document_update(document_id: int):
    """Change a document: its details, files added, files removed (``xoa_tep``)."""
    return _save(db.get_or_404(Document, document_id))


def _removed_files(document: Document | None) -> list[DocumentFile] | None:
    """The files ticked for removal, or None when one is not this document's."""
    raw = request.form.getlist("xoa_tep")
    wanted = {file_id for value in raw if (file_id := _id(value)) is not None}
    if not raw:
        return []
    own = {item.id: item for item in (document.files if document else [])}
    if len(wanted) != len(set(raw)) or not wanted <= own.keys():
        return None
    return [own[file_id] for file_id in sorted(wanted)]


def _save(document: Document | None):
    form = DocumentForm()
    removed = _removed_files(document)
    if removed is None:
        return render_error(400, BAD_FILE_CHOICE)
    if not form.validate():
        vietnamese_errors(form)
        return _form_page(form, document, status=422)
    creating = document is None
    if document is None:
        document = Document()
        db.session.add(document)
    number = form.number_symbol.data.strip()
    document.number_symbol = number
    document.title = " ".join(form.title.data.split())
    document.slug = slugify(f"{number} {document.title}", 150)
    document.doc_type_id = int(form.doc_type_id.data)
    document.issuing_body = form.issuing_body.data.strip()
    document.issued_on = form.issued_on.data  # required: validated above
    document.effective_on = form.effective_on.data
    document.signer = (form.signer.data or "").strip()
    document.field_id = _id(form.field_id.data)
    document.summary = (form.summary.data or "").strip()
    if form.published.data and not document.published:
        document.published_at = utcnow()
    document.published = bool(form.published.data)
    gone = [item.stored_name for item in removed]
    for item in removed:
        document.files.remove(item)
    last = max((item.sort_order for item in document.files), default=0)
    for order, (data, found, name) in enumerate(form.checked_files, start=last + 1):
        document.files.append(stored_file(data, found, name, order))
    db.session.flush()
    action = "document.create" if creating else "document.update"
    audit.record(action, "document", document.id, f"{number}: {document.title}")
    db.session.commit()
    _drop_unused(gone)
    forget(DOCUMENT)
    flash("Đã thêm văn bản." if creating else "Đã lưu văn bản.", FLASH_CATEGORY)
    return redirect(url_for("admin.document_edit", document_id=document.id), code=303)


def _drop_unused(stored_names: list[str]) -> None:
    """Take these files off the disk unless a document still holds the same bytes."""
    for name in set(stored_names):
        used = db.session.scalar(
            select(DocumentFile.id).where(DocumentFile.stored_name == name).limit(1)
        )
        if used is None:
            (documents_folder() / name).unlink(missing_ok=True)


@bp.get("/van-ban/<int:document_id>/xoa")
def document_delete_confirm(document_id: int):
    """Ask before deleting a document."""
    document = db.get_or_404(Document, document_id)
    return staff_page("admin/document_delete.html", form=ConfirmForm(), document=document)


@bp.post("/van-ban/<int:document_id>/xoa")
def document_delete(document_id: int):
    """Delete a document and its files."""
    document = db.get_or_404(Document, document_id)
    form = ConfirmForm()
    if not form.validate():
        return render_error(400)
    number, gone = document.number_symbol, [item.stored_name for item in document.files]
    db.session.delete(document)
    audit.record("document.delete", "document", document_id, f"{number}: {document.title}")
    db.session.commit()
    _drop_unused(gone)
    forget(DOCUMENT)
    flash(f"Đã xoá văn bản {number}.", FLASH_CATEGORY)
    return redirect(url_for("admin.documents"), code=303)
