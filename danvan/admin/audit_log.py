"""The audit log page (admins only)."""

from __future__ import annotations

from flask import request

from ..staff.audit import recent_entries
from .blueprint import admin_required, bp, staff_page


@bp.get("/nhat-ky/")
@admin_required
def audit_log():
    """Every staff change, newest first, 50 to a page (``?page=N``)."""
    page = request.args.get("page", 1, type=int)
    return staff_page("admin/audit.html", page=recent_entries(max(page, 1)))
