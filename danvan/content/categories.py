"""The category tree as plain values: the menu, a category's path and its descendants.

Every public page draws the menu, so the whole tree is read in one query and kept in this
app's cache ``content.categories`` (``danvan.core.caches``) until a category changes (or 30 s,
for another process's change). A site has tens of categories, never thousands: one small
immutable value shared by every request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from ..core.caches import cache
from ..extensions import db
from .models import Category


@dataclass(frozen=True)
class CategoryNode:
    """One category and the categories inside it, in menu order."""

    id: int
    name: str
    slug: str
    description: str
    parent_id: int | None
    hidden: bool
    children: tuple[CategoryNode, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class CategoryTree:
    """Every category, nested, with lookups by id and by slug."""

    roots: tuple[CategoryNode, ...]
    by_id: dict[int, CategoryNode]
    by_slug: dict[str, CategoryNode]

    def path(self, category_id: int | None) -> tuple[CategoryNode, ...]:
        """The category and its ancestors, outermost first (empty for None or unknown)."""
        trail: list[CategoryNode] = []
        node = self.by_id.get(category_id) if category_id is not None else None
        while node is not None and len(trail) <= len(self.by_id):  # a cycle cannot loop forever
            trail.append(node)
            node = self.by_id.get(node.parent_id) if node.parent_id is not None else None
        return tuple(reversed(trail))

    def is_shown(self, category_id: int) -> bool:
        """True when residents see the category: neither it nor an ancestor is hidden."""
        trail = self.path(category_id)
        return bool(trail) and not any(node.hidden for node in trail)

    def shown_ids(self, category_id: int) -> tuple[int, ...]:
        """The category and every shown category inside it: whose articles its page lists."""
        found: list[int] = []
        stack = [self.by_id[category_id]]
        while stack:
            node = stack.pop()
            if node.hidden or node.id in found:
                continue
            found.append(node.id)
            stack.extend(node.children)
        return tuple(found)

    def menu(self) -> tuple[CategoryNode, ...]:
        """The shown top-level categories (their shown children are in ``visible_children``)."""
        return tuple(node for node in self.roots if not node.hidden)

    def ordered(self) -> list[tuple[int, CategoryNode]]:
        """Every category with its depth, depth-first in menu order (staff lists, selects)."""
        out: list[tuple[int, CategoryNode]] = []

        def walk(nodes: tuple[CategoryNode, ...], depth: int) -> None:
            for node in nodes:
                out.append((depth, node))
                walk(node.children, depth + 1)

        walk(self.roots, 0)
        return out


def visible_children(node: CategoryNode) -> tuple[CategoryNode, ...]:
    """The categories inside ``node`` that residents see."""
    return tuple(child for child in node.children if not child.hidden)


def load_tree() -> CategoryTree:
    """Read every category in one query and nest them."""
    rows = db.session.execute(
        select(
            Category.id,
            Category.name,
            Category.slug,
            Category.description,
            Category.parent_id,
            Category.hidden,
        ).order_by(Category.sort_order, Category.name, Category.id)
    ).all()
    known = {row.id for row in rows}
    children: dict[int | None, list] = {}
    for row in rows:
        # A parent that no longer exists makes a category top-level rather than invisible.
        parent = row.parent_id if row.parent_id in known and row.parent_id != row.id else None
        children.setdefault(parent, []).append(row)

    by_id: dict[int, CategoryNode] = {}

    def build(parent: int | None, seen: frozenset[int]) -> tuple[CategoryNode, ...]:
        nodes = []
        for row in children.get(parent, []):
            if row.id in seen:  # a cycle in stored data: cut it here
                continue
            node = CategoryNode(
                row.id,
                row.name,
                row.slug,
                row.description,
                parent,
                row.hidden,
                build(row.id, seen | {row.id}),
            )
            by_id[node.id] = node
            nodes.append(node)
        return tuple(nodes)

    roots = build(None, frozenset())
    return CategoryTree(roots, by_id, {node.slug: node for node in by_id.values()})


def category_tree() -> CategoryTree:
    """The category tree from this app's cache."""
    return cache("content.categories").get("tree", load_tree)
