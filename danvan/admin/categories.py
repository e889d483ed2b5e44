"""Staff shape the menu: categories, nested, in order, shown or hidden, deleted safely.

The tree's rules live in ``content/category_changes.py``; this screen turns form posts into
those calls, commits, and tells this app's caches that the categories changed, so every page
of this process shows the new menu at once (others within 30 s).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from ..content.categories import load_tree
from ..content.category_changes import (
    CategoryRefused,
    article_counts,
    delete_category,
    move_category,
    save_category,
)
from ..content.models import Category
from ..core.caches import CATEGORY, forget
from ..core.errors import render_error
from ..core.forms import SiteForm, text_rules
from ..core.htmx import is_htmx
from ..core.ordering import BAD_DIRECTION, move_message
from ..extensions import db
from ..staff import audit
from .blueprint import FLASH_CATEGORY, bp, staff_page

TOP_LEVEL = "— Cấp cao nhất (trên menu chính) —"
NO_CATEGORY = "— Không thuộc chuyên mục nào —"


def category_choices(first: str, exclude: int | None = None) -> list[SelectChoice]:
    """Every category as an indented choice, in menu order (``exclude``: one left out)."""
    choices = [SelectChoice("", first)]
    for depth, node in load_tree().ordered():
        if node.id != exclude:
            choices.append(SelectChoice(str(node.id), "— " * depth + node.name))
    return choices


def chosen_id(raw: str | None) -> int | None:
    """A select's value as a category id ("" for none)."""
    return int(raw) if raw and raw.isascii() and raw.isdigit() else None


class CategoryForm(SiteForm):
    """A category's name, address, place in the tree and visibility."""

    name = StringField(
        "Tên chuyên mục",
        validators=text_rules(200, "Tên dài tối đa 200 ký tự.", "Vui lòng nhập tên chuyên mục."),
    )
    slug = StringField(
        "Đường dẫn (để trống: tạo từ tên)",
        validators=[Optional(), *text_rules(100, "Đường dẫn dài tối đa 100 ký tự.")],
    )
    parent_id = SelectField("Thuộc chuyên mục", validate_choice=True)
    description = TextAreaField(
        "Giới thiệu ngắn", validators=text_rules(1000, "Giới thiệu dài tối đa 1000 ký tự.")
    )
    hidden = BooleanField("Ẩn khỏi menu và danh sách (bài viết vẫn đọc được)")

    def __init__(self, *args, category: Category | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.parent_id.choices = category_choices(TOP_LEVEL, category.id if category else None)
        if self.parent_id.data is None:
            self.parent_id.data = ""


class DeleteForm(SiteForm):
    """Where a deleted category's articles go."""

    target_id = SelectField("Chuyển các bài viết của chuyên mục này sang", validate_choice=True)

    def __init__(self, *args, category: Category, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.target_id.choices = category_choices(NO_CATEGORY, category.id)


BAD_CHOICE = "Chuyên mục đã chọn không hợp lệ: hãy chọn một chuyên mục trong danh sách."


def _vietnamese_choice_errors(*fields) -> None:
    """WTForms says "Not a valid choice" in English; say it in Vietnamese."""
    for field in fields:
        if field.errors:
            field.errors = [BAD_CHOICE]


def _list_context() -> dict:
    """The tree as rows: depth, category, and whether it is first / last among its siblings."""
    tree = load_tree()
    rows = []
    for depth, node in tree.ordered():
        parent = tree.by_id.get(node.parent_id) if node.parent_id is not None else None
        group = parent.children if parent is not None else tree.roots
        rows.append((depth, node, node.id == group[0].id, node.id == group[-1].id))
    return {"rows": rows, "counts": article_counts()}


@bp.get("/chuyen-muc/")
def categories():
    """The category tree with its order buttons, and a form to add one."""
    form = CategoryForm(formdata=None)
    return staff_page("admin/categories.html", form=form, **_list_context())


@bp.post("/chuyen-muc/")
def category_create():
    """Add a category, last among its siblings."""
    return _save(None)


@bp.get("/chuyen-muc/<int:category_id>")
def category_edit(category_id: int):
    """One category's form."""
    category = db.get_or_404(Category, category_id)
    form = CategoryForm(formdata=None, obj=category, category=category)
    form.parent_id.data = str(category.parent_id or "")
    return staff_page("admin/category_form.html", form=form, category=category)


@bp.post("/chuyen-muc/<int:category_id>")
def category_update(category_id: int):
    """Rename, move under another parent, hide or show a category."""
    return _save(db.get_or_404(Category, category_id))


def _save(category: Category | None):
    form = CategoryForm(category=category)
    template = "admin/category_form.html" if category else "admin/categories.html"
    context = {} if category else _list_context()
    if not form.validate():
        _vietnamese_choice_errors(form.parent_id)
    else:
        try:
            saved = save_category(
                category,
                name=form.name.data.strip(),
                slug=(form.slug.data or "").strip(),
                parent_id=chosen_id(form.parent_id.data),
                description=(form.description.data or "").strip(),
                hidden=bool(form.hidden.data),
            )
        except CategoryRefused as refused:
            db.session.rollback()
            getattr(form, refused.field or "name").errors = [refused.message]
        else:
            action = "category.create" if category is None else "category.update"
            audit.record(action, "category", saved.id, saved.name)
            message = "Đã thêm chuyên mục." if category is None else "Đã lưu chuyên mục."
            return _changed(message)
    return staff_page(template, status=422, form=form, category=category, **context)


def _changed(message: str):
    db.session.commit()
    forget(CATEGORY)
    if is_htmx():
        return render_template("admin/_category_list.html", message=message, **_list_context())
    flash(message, FLASH_CATEGORY)
    return redirect(url_for("admin.categories"), code=303)


@bp.post("/chuyen-muc/<int:category_id>/di-chuyen")
def category_move(category_id: int):
    """Move a category one place up or down among its siblings (field ``direction``)."""
    category = db.get_or_404(Category, category_id)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        return render_error(400, BAD_DIRECTION)
    moved = move_category(category, direction)
    if moved:
        audit.record("category.move", "category", category.id, f"{category.name}: {direction}")
    return _changed(move_message(category.name, direction, moved))


@bp.get("/chuyen-muc/<int:category_id>/xoa")
def category_delete_confirm(category_id: int):
    """Ask where the category's articles go before deleting it."""
    category = db.get_or_404(Category, category_id)
    form = DeleteForm(formdata=None, category=category)
    form.target_id.data = str(category.parent_id or "")
    count = article_counts().get(category.id, 0)
    return staff_page("admin/category_delete.html", form=form, category=category, count=count)


@bp.post("/chuyen-muc/<int:category_id>/xoa")
def category_delete(category_id: int):
    """Delete a category; its articles move to the chosen one, its children to its parent."""
    category = db.get_or_404(Category, category_id)
    form = DeleteForm(category=category)
    if not form.validate():
        _vietnamese_choice_errors(form.target_id)
    else:
        name = category.name
        try:
            moved = delete_category(category, chosen_id(form.target_id.data))
        except CategoryRefused as refused:
            db.session.rollback()
            form.target_id.errors = [refused.message]
        else:
            audit.record("category.delete", "category", category_id, f"{name}: {moved} bài")
            return _changed(f"Đã xoá chuyên mục “{name}”; {moved} bài viết đã được chuyển.")
    count = article_counts().get(category.id, 0)
    return staff_page(
        "admin/category_delete.html", status=422, form=form, category=category, count=count
    )
