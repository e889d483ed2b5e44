"""The public documents: ``/van-ban/`` (the list, filtered), one document, and its files.

A document is public once staff publish it; until then its page and files answer 404 to
residents, and staff (signed in) see them, marked as not published. A file is sent as an
attachment with the type its content was recognised as, ``nosniff``, and its name twice
(``filename*`` in UTF-8 per RFC 6266, and an ASCII fallback), with an ETag so a repeat download
can be answered 304.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core.errors import render_error
from ..core.htmx import is_htmx, vary_on_htmx
from ..core.http_cache import shared_cacheable
from ..core.routing import page_number
from ..extensions import db
from ..site.sidebar import current_sidebar
from . import queries
from .files import FORMATS, documents_folder, download_name, human_size
from .lookups import all_fields, all_types
from .models import Document, DocumentField, DocumentFile, DocumentType

bp = Blueprint("documents", __name__)

NOT_FOUND = "Không tìm thấy văn bản này: văn bản không có hoặc đã được gỡ."
NO_FILE = "Không tìm thấy tệp này của văn bản."
NO_PAGE = "Không có trang này của danh sách văn bản."
BAD_YEAR = "Năm ban hành không hợp lệ: hãy chọn một năm trong danh sách."
BAD_CHOICE = "Loại văn bản hoặc lĩnh vực đã chọn không có: hãy chọn trong danh sách."
MAX_WORDS_LENGTH = 200  # as the search page's box
TOO_LONG = f"Từ khoá dài tối đa {MAX_WORDS_LENGTH} ký tự: hãy rút gọn rồi lọc lại."
FILE_MAX_AGE = 3600  # a public file may be kept an hour by any cache


def document_url(document: Document, **values) -> str:
    """The document's canonical page."""
    return url_for("documents.detail", slug=document.slug, document_id=document.id, **values)


def file_url(document: Document, item: DocumentFile) -> str:
    """Where one of the document's files is downloaded."""
    extension = item.stored_name.rpartition(".")[2]
    return url_for(
        "documents.download",
        document_id=document.id,
        file_id=item.id,
        filename=download_name(item.original_name, extension),
    )


def format_label(item: DocumentFile) -> str:
    """``PDF``, ``Word (DOCX)`` …: a file's format for readers."""
    found = FORMATS.get(item.stored_name.rpartition(".")[2])
    return found.label if found else item.media_type


def can_see(document: Document) -> bool:
    """Published documents are for everyone; the others for signed-in staff only."""
    return document.published or current_user.is_authenticated


def _slug_id(model: type[DocumentType] | type[DocumentField], raw: str | None) -> int | None:
    """The id of the type or field whose slug is ``raw`` (None when nothing was chosen);
    ``LookupError`` when none has it."""
    if not raw:
        return None
    found = db.session.scalar(select(model.id).where(model.slug == raw))
    if found is None:
        raise LookupError(raw)
    return found


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4):
        raise ValueError(raw)
    year = int(raw)
    if not queries.MIN_YEAR <= year <= queries.MAX_YEAR:
        raise ValueError(raw)
    return year


def read_filters() -> tuple[queries.Filters, dict[str, str]]:
    """The list's filters from the query string, and the same as URL values for links."""
    chosen = {name: request.args.get(name, "").strip() for name in ("loai", "nam", "linh-vuc", "q")}
    filters = queries.Filters(
        type_id=_slug_id(DocumentType, chosen["loai"]),
        field_id=_slug_id(DocumentField, chosen["linh-vuc"]),
        year=_year(chosen["nam"]),
        ids=_matching(chosen["q"]),
    )
    return filters, {name: value for name, value in chosen.items() if value}


def _matching(words: str):
    # The search package owns the index; it is asked only when words were typed.
    if not words:
        return None
    from ..search.document_query import matching_ids

    return matching_ids(words)


@bp.get("/van-ban/")
@shared_cacheable
def index():
    """The public documents, newest first, filtered by ``loai``, ``nam``, ``linh-vuc`` and
    ``q``, ``?page=N``; htmx gets the list alone."""
    if len(request.args.get("q", "")) > MAX_WORDS_LENGTH:
        return vary_on_htmx(current_app.make_response(render_error(400, TOO_LONG)))
    try:
        filters, chosen = read_filters()
    except LookupError:
        return vary_on_htmx(current_app.make_response(render_error(404, BAD_CHOICE)))
    except ValueError:
        return vary_on_htmx(current_app.make_response(render_error(400, BAD_YEAR)))
    number = page_number(request.args.get("page"))
    page = queries.document_page(filters, number, current_app.config["PAGE_SIZE"])
    if page is None:
        return vary_on_htmx(current_app.make_response(render_error(404, NO_PAGE)))
    context = {"page": page, "chosen": chosen, "filtered": bool(chosen)}
    if is_htmx():
        body = render_template("documents/_list.html", **context)
    else:
        body = render_template(
            "documents/index.html",
            types=all_types(),
            fields=all_fields(),
            years=queries.issued_years(),
            sidebar=current_sidebar(),
            **context,
        )
    return vary_on_htmx(current_app.make_response(body))


def _document(document_id: int) -> Document | None:
    document = db.session.scalar(
        select(Document)
        .where(Document.id == document_id)
        .options(
            selectinload(Document.doc_type),
            selectinload(Document.field),
            selectinload(Document.files),
        )
    )
    return document if document is not None and can_see(document) else None


@bp.get("/van-ban/<slug>-<int:document_id>")
@shared_cacheable
def detail(slug: str, document_id: int):
    """One document; another slug for the same id redirects to its address (301)."""
    document = _document(document_id)
    if document is None:
        return render_error(404, NOT_FOUND)
    if slug != document.slug:
        return redirect(document_url(document), code=301)
    return render_template(
        "documents/detail.html",
        document=document,
        file_url=file_url,
        format_label=format_label,
        human_size=human_size,
        sidebar=current_sidebar(),
    )


@bp.get("/van-ban/<int:document_id>/tep/<int:file_id>/<filename>")
def download(document_id: int, file_id: int, filename: str):
    """One file of a document, as an attachment; another name in the URL redirects to the
    file's own (301), as a wrong slug does."""
    document = _document(document_id)
    item = db.session.get(DocumentFile, file_id)
    if document is None or item is None or item.document_id != document.id:
        return render_error(404, NO_FILE)
    if filename != download_name(item.original_name, item.stored_name.rpartition(".")[2]):
        return redirect(file_url(document, item), code=301)
    path = documents_folder() / item.stored_name
    if not path.is_file():
        current_app.logger.warning("document file missing: %s", item.stored_name)
        return render_error(404, NO_FILE)
    response = send_file(
        path,
        mimetype=item.media_type,
        as_attachment=True,
        download_name=item.original_name,
        conditional=True,
        etag=True,
        max_age=FILE_MAX_AGE if document.published else None,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    if document.published:
        response.cache_control.public = True
    else:
        response.headers["Cache-Control"] = "no-store"
    return response
