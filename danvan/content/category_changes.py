"""Staff change the category tree: add, rename, move under another, reorder, hide, delete.

Each function checks what would break the tree (a duplicate address, a category put inside
itself) and raises ``CategoryRefused`` with a Vietnamese sentence instead; the caller commits
and tells the caches (topic ``CATEGORY``). Deleting never loses an article: the category's
articles go to the category staff choose, and its subcategories move up to its parent.
"""

from __future__ import annotations

from sqlalchemy import func, select, update

from ..core.database import rows_affected
from ..core.ordering import swap_with_neighbour
from ..core.text import slugify
from ..extensions import db
from .models import Article, Category

SLUG_TAKEN = "Đường dẫn “{slug}” đã được dùng cho chuyên mục khác: hãy chọn đường dẫn khác."
NO_PARENT = "Chuyên mục cha không tồn tại."
OWN_PARENT = "Không thể đặt một chuyên mục vào trong chính nó hoặc chuyên mục con của nó."
NO_TARGET = "Chuyên mục nhận bài viết không tồn tại."
TARGET_IS_DELETED = "Không thể chuyển bài viết vào chính chuyên mục đang xoá."


class CategoryRefused(ValueError):
    """A change that would break the tree; ``message`` says why, in Vietnamese."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _inside(parent_id: int | None):
    """The condition "directly inside ``parent_id``" (top level for None)."""
    return Category.parent_id.is_(None) if parent_id is None else Category.parent_id == parent_id


def siblings(parent_id: int | None) -> list[Category]:
    """The categories directly inside ``parent_id`` (top level for None), in menu order."""
    return list(
        db.session.scalars(
            select(Category)
            .where(_inside(parent_id))
            .order_by(Category.sort_order, Category.name, Category.id)
        )
    )


def _check_slug(slug: str, category: Category | None) -> str:
    taken = db.session.scalar(select(Category.id).where(Category.slug == slug))
    if taken is not None and (category is None or taken != category.id):
        raise CategoryRefused(SLUG_TAKEN.format(slug=slug), "slug")
    return slug


def _check_parent(parent_id: int | None, category: Category | None) -> int | None:
    if parent_id is None:
        return None
    parent = db.session.get(Category, parent_id)
    if parent is None:
        raise CategoryRefused(NO_PARENT, "parent_id")
    seen: set[int] = set()
    while parent is not None and parent.id not in seen:  # walk up: is ``category`` above?
        if category is not None and parent.id == category.id:
            raise CategoryRefused(OWN_PARENT, "parent_id")
        seen.add(parent.id)
        parent = db.session.get(Category, parent.parent_id) if parent.parent_id else None
    return parent_id


def save_category(
    category: Category | None,
    *,
    name: str,
    slug: str,
    parent_id: int | None,
    description: str,
    hidden: bool,
) -> Category:
    """Create (``category`` None) or change a category; a new one goes last among siblings."""
    slug = _check_slug(slugify(slug or name, max_length=100), category)
    parent_id = _check_parent(parent_id, category)
    if category is None or category.parent_id != parent_id:
        last = db.session.scalar(select(func.max(Category.sort_order)).where(_inside(parent_id)))
        sort_order = ((last or 0) // 10 + 1) * 10
    else:
        sort_order = category.sort_order
    if category is None:
        category = Category()
        db.session.add(category)
    category.name, category.slug, category.description = name, slug, description
    category.parent_id, category.hidden, category.sort_order = parent_id, hidden, sort_order
    db.session.flush()
    return category


def move_category(category: Category, direction: str) -> bool:
    """Swap ``category`` with its sibling above or below; False when already at that end."""
    return swap_with_neighbour(siblings(category.parent_id), category, direction)


def delete_category(category: Category, target_id: int | None) -> int:
    """Delete ``category``: its articles go to ``target_id`` (None: no category), its
    subcategories to its parent. Returns how many articles moved."""
    if target_id is not None:
        if target_id == category.id:
            raise CategoryRefused(TARGET_IS_DELETED, "target_id")
        if db.session.get(Category, target_id) is None:
            raise CategoryRefused(NO_TARGET, "target_id")
    moved = db.session.execute(
        update(Article).where(Article.category_id == category.id).values(category_id=target_id)
    )
    db.session.execute(
        update(Category)
        .where(Category.parent_id == category.id)
        .values(parent_id=category.parent_id)
    )
    db.session.delete(category)
    db.session.flush()
    return rows_affected(moved)


def article_counts() -> dict[int, int]:
    """How many articles (any state) each category holds directly, in one grouped query."""
    rows = db.session.execute(
        select(Article.category_id, func.count()).group_by(Article.category_id)
    )
    return {category_id: count for category_id, count in rows if category_id is not None}
