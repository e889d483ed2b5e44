"""Staff write the committee's pages (``/quan-tri/trang/``): list, new, edit with the article
editor's fields and preview, the English version beside the Vietnamese one, order, the menu
toggle and delete after a confirmation. Editors and admins alike, as with articles.

Every change is in the audit log and forgets the PAGE topic, so this process's menu and page
shells show it at once (other processes within 30 s).
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from sqlalchemy import select

from ..content.body import render_body
from ..core.caches import PAGE, forget
from ..core.errors import render_error
from ..core.forms import SiteForm
from ..core.ordering import BAD_DIRECTION, move_message, swap_with_neighbour
from ..extensions import db
from ..pages.menu import english_url, ordered_pages, page_url
from ..pages.models import Page
from ..staff import audit
from .blueprint import FLASH_CATEGORY, bp, staff_page
from .page_form import PageForm

BAD_ACTION = "Thao tác không hợp lệ: hãy bấm một trong các nút của biểu mẫu."


def page_rows() -> list[tuple[int, Page, bool, bool]]:
    """Every page in menu order as (depth, page, first among siblings, last among them)."""
    pages = list(db.session.scalars(ordered_pages()))
    groups: dict[int | None, list[Page]] = {}
    for page in pages:
        groups.setdefault(page.parent_id, []).append(page)
    rows = []
    for top in groups.get(None, []):
        siblings = groups[None]
        rows.append((0, top, top is siblings[0], top is siblings[-1]))
        children = groups.get(top.id, [])
        rows += [(1, child, child is children[0], child is children[-1]) for child in children]
    return rows


def _changed(message: str, page: Page | None = None):
    db.session.commit()
    forget(PAGE)
    flash(message, FLASH_CATEGORY)
    if page is None:
        return redirect(url_for("admin.pages"), code=303)
    return redirect(url_for("admin.page_edit", page_id=page.id), code=303)


@bp.get("/trang/")
def pages():
    """Every page, in menu order, with its place, its state and its buttons."""
    return staff_page("admin/pages.html", rows=page_rows(), page_url=page_url)


def _editor(form: PageForm, page: Page | None, status: int = 200, preview: str | None = None):
    preview_en = None
    if preview is not None:
        preview_en = render_body(form.body_en.data or "") if form.body_en.data else ""
    return staff_page(
        "admin/page_form.html",
        status=status,
        form=form,
        page=page,
        preview=preview,
        preview_en=preview_en,
        public_url=page_url(page) if page is not None and page.published else None,
        english_url=english_url(page) if page is not None and page.has_english else None,
    )


@bp.get("/trang/moi")
def page_new():
    """An empty page editor."""
    return _editor(PageForm(formdata=None), None)


@bp.post("/trang/moi")
def page_create():
    """Save a new page (or preview it)."""
    return _submit(None)


@bp.get("/trang/<int:page_id>")
def page_edit(page_id: int):
    """The editor with the page's stored values."""
    page = db.get_or_404(Page, page_id)
    form = PageForm(formdata=None, page=page)
    form.fill(page)
    return _editor(form, page, preview=page.body_html)


@bp.post("/trang/<int:page_id>")
def page_update(page_id: int):
    """Save or preview an existing page."""
    return _submit(db.get_or_404(Page, page_id))


def _submit(page: Page | None):
    action = request.form.get("action", "save")
    if action not in ("save", "preview"):
        return render_error(400, BAD_ACTION)
    form = PageForm(page=page)
    if not form.check():
        return _editor(form, page, status=422)
    if action == "preview":
        return _editor(form, page, preview=render_body(form.body.data or ""))
    created = page is None
    if page is None:
        last = db.session.scalar(select(Page.sort_order).order_by(Page.sort_order.desc()).limit(1))
        page = Page(sort_order=(last or 0) + 10)
        db.session.add(page)
    form.apply(page)
    db.session.flush()
    audit.record("page.create" if created else "page.update", "page", page.id, page.title)
    return _changed("Đã thêm trang." if created else "Đã lưu trang.", page)


@bp.post("/trang/<int:page_id>/di-chuyen")
def page_move(page_id: int):
    """Move a page one place up or down among its siblings (field ``direction``)."""
    page = db.get_or_404(Page, page_id)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        return render_error(400, BAD_DIRECTION)
    siblings = list(
        db.session.scalars(
            ordered_pages().where(
                Page.parent_id.is_(None)
                if page.parent_id is None
                else Page.parent_id == page.parent_id
            )
        )
    )
    moved = swap_with_neighbour(siblings, page, direction)
    if moved:
        audit.record("page.move", "page", page.id, f"{page.title}: {direction}")
    return _changed(move_message(page.title, direction, moved))


@bp.post("/trang/<int:page_id>/menu")
def page_menu_toggle(page_id: int):
    """Show a page in the main menu or take it out (field ``in_menu``: 1 or 0)."""
    page = db.get_or_404(Page, page_id)
    wanted = request.form.get("in_menu")
    if wanted not in ("0", "1"):
        return render_error(400, "Giá trị không hợp lệ: hãy bấm nút Hiện hoặc Ẩn.")
    page.in_menu = wanted == "1"
    action = "page.menu_show" if page.in_menu else "page.menu_hide"
    audit.record(action, "page", page.id, page.title)
    shown = "hiện trên" if page.in_menu else "không còn trên"
    return _changed(f"“{page.title}” {shown} menu chính.")


class ConfirmForm(SiteForm):
    """Only the CSRF token: the confirmation is the button."""


@bp.get("/trang/<int:page_id>/xoa")
def page_delete_confirm(page_id: int):
    """Ask before deleting a page."""
    page = db.get_or_404(Page, page_id)
    children = db.session.scalars(ordered_pages().where(Page.parent_id == page.id)).all()
    return staff_page("admin/page_delete.html", page=page, children=children, form=ConfirmForm())


@bp.post("/trang/<int:page_id>/xoa")
def page_delete(page_id: int):
    """Delete a page; its subpages move to the top level (none is lost)."""
    page = db.get_or_404(Page, page_id)
    for child in db.session.scalars(select(Page).where(Page.parent_id == page.id)):
        child.parent_id = None
    title = page.title
    db.session.delete(page)
    audit.record("page.delete", "page", page_id, title)
    return _changed(f"Đã xoá trang “{title}”.")
