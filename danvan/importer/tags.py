"""The tags stage: NukeViet's keywords, each with its page.

Old sample tags have an empty ``title`` (4.3 has no such column) and an alias with diacritics
(``nguồn-mở``); the name comes from the title, else the keyword the article links carry, else
the alias. Two old aliases that fold to one slug become one tag, and the report says so.
"""

from __future__ import annotations

from sqlalchemy import select

from ..content.models import Tag
from ..core.text import slugify
from ..extensions import db
from .bodies import clean_text
from .run import Run

KIND = "tag"
ALIAS_KIND = "tag_alias"


def import_tags(run: Run) -> None:
    """Bring over every tag of the news module."""
    source = run.source
    title = source.pick("tags", {"title": "''"})
    rows = source.rows(f"SELECT tid, {title}, alias FROM {source.table('tags')} ORDER BY tid")
    keywords: dict[int, str] = dict(
        source.connection.exec_driver_sql(
            f"SELECT tid, MIN(keyword) FROM {source.table('tags_id')} GROUP BY tid"
        ).all()
    )
    by_slug = {tag.slug: tag for tag in db.session.scalars(select(Tag))}
    by_id = {tag.id: tag for tag in by_slug.values()}
    merged: dict[str, object] = {}
    with run.progress("Thẻ", rows) as bar:
        for row in bar:
            old_id = row["tid"]
            alias = clean_text(row["alias"])
            name = (
                clean_text(row["title"])
                or clean_text(keywords.get(old_id))
                or alias.replace("-", " ")
            )[:100]
            if not name:
                run.report.skip(KIND, old_id, "thẻ không có tên và đường dẫn")
                continue
            tag = by_id.get(run.new_id(KIND, old_id) or 0)
            if tag is None:
                slug = slugify(alias or name)
                tag = by_slug.get(slug)
                if tag is None:
                    tag = Tag(name=name, slug=slug)
                    db.session.add(tag)
                    db.session.flush()
                    by_slug[slug], by_id[tag.id] = tag, tag
                    run.report.count(KIND, "created")
                else:
                    if slug in merged:
                        run.report.repair(
                            KIND, old_id, f"trùng đường dẫn với thẻ {merged[slug]}: gộp làm một"
                        )
                    run.report.count(KIND, "unchanged")
            elif tag.name != name and merged.get(tag.slug, old_id) == old_id:
                tag.name = name
                run.report.count(KIND, "updated")
            else:
                run.report.count(KIND, "unchanged")
            merged.setdefault(tag.slug, old_id)
            run.remember(KIND, old_id, new_id=tag.id, new_key=alias)
            if alias:
                run.remember(ALIAS_KIND, alias.lower(), new_id=tag.id)
    run.commit()
