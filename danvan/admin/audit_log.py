"""The audit log page (admins only)."""

from __future__ import annotations

from typing import Any

from flask import request, url_for

from ..core.routing import page_number
from ..staff.audit import AuditEntry, recent_entries
from .blueprint import admin_required, bp, staff_page

# What each kind of object is called on the page, and where staff open it (None: nowhere).
TARGETS: dict[str, tuple[str, str | None, str]] = {
    "article": ("Bài viết số {id}", "admin.article_edit", "article_id"),
    "category": ("Chuyên mục số {id}", "admin.category_edit", "category_id"),
    "banner": ("Biểu ngữ số {id}", "admin.banner_edit", "banner_id"),
    "link": ("Liên kết số {id}", "admin.link_edit", "link_id"),
    "user": ("Tài khoản số {id}", "admin.accounts", ""),
    "upload": ("Ảnh {id}", "media.upload", "name"),
    "identity": ("Thông tin đơn vị", "admin.identity", ""),
    "page": ("Trang số {id}", "admin.page_edit", "page_id"),
    "contact_message": ("Thư liên hệ số {id}", "admin.contact_messages", ""),
    "comment": ("Phản hồi số {id}", "admin.comment_answer_form", "comment_id"),
    "document": ("Văn bản số {id}", "admin.document_edit", "document_id"),
    "document_type": ("Loại văn bản số {id}", "admin.document_lookups", ""),
    "document_field": ("Lĩnh vực văn bản số {id}", "admin.document_lookups", ""),
}


def target_of(entry: AuditEntry) -> tuple[str, str | None]:
    """The entry's object in Vietnamese, and a link to it while it can still be opened."""
    label, endpoint, argument = TARGETS.get(entry.target_type, ("{id}", None, ""))
    shown_id = entry.target_id[:12] + "…" if entry.target_type == "upload" else entry.target_id
    text = label.format(id=shown_id)
    gone = entry.action.endswith(".delete")
    if endpoint is None or gone:
        return text, None
    if not argument:  # a page of its own, whatever the id (the identity has none)
        return text, url_for(endpoint)
    if not entry.target_id:
        return text, None
    values: dict[str, Any] = {argument: entry.target_id}
    if argument.endswith("_id"):
        if not (entry.target_id.isascii() and entry.target_id.isdigit()):
            return text, None
        values[argument] = int(entry.target_id)
    return text, url_for(endpoint, **values)


@bp.get("/nhat-ky/")
@admin_required
def audit_log():
    """Every staff change, newest first, 50 to a page (``?page=N``)."""
    page = page_number(request.args.get("page"))
    return staff_page("admin/audit.html", page=recent_entries(page), target_of=target_of)
