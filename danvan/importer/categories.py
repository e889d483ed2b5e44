"""The categories stage: NukeViet's tree, order and hidden state.

A category keeps its old alias as its slug (``Tin-tuc``), so the old links' aliases find it; an
alias another category here already has gets the old id appended, and the report says so.
"""

from __future__ import annotations

from sqlalchemy import select

from ..content.models import Category
from ..extensions import db
from .bodies import clean_summary, clean_text
from .run import Run

KIND = "category"
# An old category alias, lower-cased, for the redirects (old links spell it either way).
ALIAS_KIND = "category_alias"
# NukeViet's category status: 0 suspended ("Đình chỉ hoạt động"), 1 shown, 2 active but not on
# the home page. Only a suspended one is hidden here.
SUSPENDED = 0


def import_categories(run: Run) -> None:
    """Bring over every category of the news module, parents before their children."""
    source = run.source
    rows = source.rows(
        f"SELECT catid, parentid, title, alias, description, weight, status "
        f"FROM {source.table('cat')} ORDER BY lev, sort, catid"
    )
    known = {row["catid"] for row in rows}
    existing = {c.id: c for c in db.session.scalars(select(Category))}
    taken = {c.slug: c.id for c in existing.values()}
    with run.progress("Chuyên mục", rows) as bar:
        for row in bar:
            old_id = row["catid"]
            name = clean_text(row["title"])[:200] or f"Chuyên mục {old_id}"
            alias = clean_text(row["alias"]).replace(" ", "-")[:200] or f"chuyen-muc-{old_id}"
            parent_id = None
            if row["parentid"]:
                if row["parentid"] in known:
                    parent_id = run.new_id(KIND, row["parentid"])
                else:
                    run.report.repair(
                        KIND, old_id, f"chuyên mục cha {row['parentid']} không có: đặt ở gốc"
                    )
            category = existing.get(run.new_id(KIND, old_id) or 0)
            slug = alias if category is None else category.slug
            if category is None and slug in taken:
                slug = f"{alias[:190]}-{old_id}"
                run.report.repair(
                    KIND, old_id, f"đường dẫn «{alias}» đã có chuyên mục khác: dùng «{slug}»"
                )
            values = {
                "name": name,
                "slug": slug,
                "description": clean_summary(row["description"]),
                "parent_id": parent_id,
                "sort_order": row["weight"],
                "hidden": row["status"] == SUSPENDED,
            }
            if category is None:
                category = Category(**values)
                db.session.add(category)
                db.session.flush()
                existing[category.id] = category
                taken[category.slug] = category.id
                run.report.count(KIND, "created")
            elif any(getattr(category, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(category, key, value)
                run.report.count(KIND, "updated")
            else:
                run.report.count(KIND, "unchanged")
            run.remember(KIND, old_id, new_id=category.id, new_key=alias)
            run.remember(ALIAS_KIND, alias.lower(), new_id=category.id)
    run.commit()
