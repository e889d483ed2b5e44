"""Staff keep the sidebar current: image banners and the "Liên kết" block.

Add, edit, move up or down, switch on or off. Moving renumbers the whole group in one
transaction, so the order stays a clean 10, 20, 30… whatever was there before. Every change
tells this app's caches that the sidebar changed, so this process shows it at once on every
page, shells included (others within 30 s).
"""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from ..content.models import Banner, Link
from ..core.caches import SIDEBAR, forget
from ..core.errors import render_error
from ..core.htmx import is_htmx
from ..core.ordering import BAD_DIRECTION, move_message, swap_with_neighbour
from ..extensions import db
from ..media.images import ImageRefused, store_image
from ..staff import audit
from .blueprint import FLASH_CATEGORY, bp, staff_page
from .sidebar_forms import POSITIONS, BannerForm, LinkForm

NEED_IMAGE = "Vui lòng chọn tệp ảnh cho biểu ngữ."

KINDS: dict[str, type[Banner] | type[Link]] = {"banner": Banner, "link": Link}


def ordered(kind: str, group: str | None = None) -> list[Any]:
    """Banners (of one position, when given) or links, in the order residents see them."""
    model = KINDS[kind]
    query = select(model).order_by(model.sort_order, model.id)
    if kind == "banner" and group is not None:
        query = query.where(Banner.position == group)
    return list(db.session.scalars(query))


def move(kind: str, item, direction: str) -> bool:
    """Swap ``item`` with its neighbour above or below; False when it is already at the end."""
    group = ordered(kind, item.position if kind == "banner" else None)
    return swap_with_neighbour(group, item, direction)


def next_sort_order(kind: str, group: str | None = None) -> int:
    """A sort order that puts a new item last."""
    items = ordered(kind, group)
    return (max((item.sort_order for item in items), default=0) // 10 + 1) * 10


def _lists_context() -> dict:
    groups = [(value, label, ordered("banner", value)) for value, label in POSITIONS]
    return {"banner_groups": groups, "links": ordered("link")}


@bp.get("/cot-phai/")
def sidebar():
    """Banners and links, with their order and switches."""
    return staff_page("admin/sidebar.html", **_lists_context())


def _changed(message: str):
    db.session.commit()
    forget(SIDEBAR)
    flash(message, FLASH_CATEGORY)
    return redirect(url_for("admin.sidebar"), code=303)


# --- banners ----------------------------------------------------------------------------------


def _banner_page(form: BannerForm, banner: Banner | None, status: int = 200, error=None):
    return staff_page(
        "admin/banner_form.html", status=status, form=form, banner=banner, error=error
    )


@bp.get("/bieu-ngu/moi")
def banner_new():
    """An empty banner form."""
    return _banner_page(BannerForm(formdata=None), None)


@bp.get("/bieu-ngu/<int:banner_id>")
def banner_edit(banner_id: int):
    """A banner's form with its values."""
    banner = db.get_or_404(Banner, banner_id)
    return _banner_page(BannerForm(formdata=None, obj=banner), banner)


@bp.post("/bieu-ngu/moi")
def banner_create():
    """Add a banner (its image is uploaded with it), last in its position."""
    return _save_banner(None)


@bp.post("/bieu-ngu/<int:banner_id>")
def banner_update(banner_id: int):
    """Change a banner; a new image file replaces the old one."""
    return _save_banner(db.get_or_404(Banner, banner_id))


def _save_banner(banner: Banner | None):
    form = BannerForm()
    if not form.validate():
        if form.position.errors:
            form.position.errors = ["Vị trí không hợp lệ."]
        return _banner_page(form, banner, status=422)
    file = form.image.data
    if banner is None and not (file and file.filename):
        form.image.errors = [NEED_IMAGE]
        return _banner_page(form, banner, status=422)
    created = banner is None
    if banner is None:
        # Added to the session only once complete: the image step below queries (autoflush).
        banner = Banner(sort_order=next_sort_order("banner", form.position.data))
    elif banner.position != form.position.data:
        banner.sort_order = next_sort_order("banner", form.position.data)
    if file and file.filename:
        try:
            upload = store_image(
                file.read(current_app.config["UPLOAD_MAX_BYTES"] + 1), file.filename
            )
        except ImageRefused as refused:
            db.session.rollback()
            form.image.errors = [refused.message]
            return _banner_page(form, None if created else banner, status=refused.status)
        banner.image, banner.width, banner.height = upload.path, upload.width, upload.height
    banner.title = form.title.data.strip()
    banner.link_url = form.link_url.data
    banner.position = form.position.data
    db.session.add(banner)
    db.session.flush()
    audit.record("banner.create" if created else "banner.update", "banner", banner.id, banner.title)
    return _changed("Đã thêm biểu ngữ." if created else "Đã lưu biểu ngữ.")


# --- links ------------------------------------------------------------------------------------


def _link_page(form: LinkForm, link: Link | None, status: int = 200):
    return staff_page("admin/link_form.html", status=status, form=form, link=link)


@bp.get("/lien-ket/moi")
def link_new():
    """An empty link form."""
    return _link_page(LinkForm(formdata=None), None)


@bp.get("/lien-ket/<int:link_id>")
def link_edit(link_id: int):
    """A link's form with its values."""
    link = db.get_or_404(Link, link_id)
    return _link_page(LinkForm(formdata=None, obj=link), link)


@bp.post("/lien-ket/moi")
def link_create():
    """Add a link at the end of the block."""
    return _save_link(None)


@bp.post("/lien-ket/<int:link_id>")
def link_update(link_id: int):
    """Change a link's name or address."""
    return _save_link(db.get_or_404(Link, link_id))


def _save_link(link: Link | None):
    form = LinkForm()
    if not form.validate():
        return _link_page(form, link, status=422)
    created = link is None
    if link is None:
        link = Link(sort_order=next_sort_order("link"))
        db.session.add(link)
    link.title = form.title.data.strip()
    link.url = form.url.data
    db.session.flush()
    audit.record("link.create" if created else "link.update", "link", link.id, link.title)
    return _changed("Đã thêm liên kết." if created else "Đã lưu liên kết.")


# --- order and switches (both kinds) ----------------------------------------------------------


def _item_or_404(kind: str, item_id: int):
    return db.get_or_404(KINDS[kind], item_id)


def _list_answer(message: str):
    """HTMX gets the refreshed lists (with the message); a form post a 303 back to the page."""
    db.session.commit()
    forget(SIDEBAR)
    if is_htmx():
        return render_template("admin/_sidebar_lists.html", message=message, **_lists_context())
    flash(message, FLASH_CATEGORY)
    return redirect(url_for("admin.sidebar"), code=303)


@bp.post("/<any('bieu-ngu', 'lien-ket'):kind_path>/<int:item_id>/di-chuyen")
def sidebar_move(kind_path: str, item_id: int):
    """Move a banner or link one place up or down (form field ``direction``)."""
    kind = "banner" if kind_path == "bieu-ngu" else "link"
    item = _item_or_404(kind, item_id)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        return render_error(400, BAD_DIRECTION)
    moved = move(kind, item, direction)
    if moved:
        audit.record(
            f"{kind}.move",
            kind,
            item.id,
            f"{item.title}: {'lên' if direction == 'up' else 'xuống'}",
        )
    return _list_answer(move_message(item.title, direction, moved))


@bp.post("/<any('bieu-ngu', 'lien-ket'):kind_path>/<int:item_id>/bat-tat")
def sidebar_toggle(kind_path: str, item_id: int):
    """Show or hide a banner or link (form field ``enabled``: 1 or 0)."""
    kind = "banner" if kind_path == "bieu-ngu" else "link"
    item = _item_or_404(kind, item_id)
    wanted = request.form.get("enabled")
    if wanted not in ("0", "1"):
        return render_error(400, "Giá trị bật/tắt không hợp lệ.")
    item.enabled = wanted == "1"
    audit.record(f"{kind}.{'enable' if item.enabled else 'disable'}", kind, item.id, item.title)
    return _list_answer(f"Đã {'bật' if item.enabled else 'tắt'} “{item.title}”.")
