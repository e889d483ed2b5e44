"""The audit log page (admins only)."""

from __future__ import annotations

from flask import request

from ..core.routing import page_number
from ..staff.audit import recent_entries
from .blueprint import admin_required, bp, staff_page


@bp.get("/nhat-ky/")
@admin_required
def audit_log():
    """Every staff change, newest first, 50 to a page (``?page=N``)."""
    page = page_number(request.args.get("page"))
    return staff_page("admin/audit.html", page=recent_entries(page))
