"""The menus stage: NukeViet's menus (``<prefix>_<lang>_menu_rows``) are not copied.

This site's menu is derived from its categories and pages (``pages/menu.py``), so an old entry
pointing at news, a category, an about page, the contact page, the feeds or the search has its
place already. An entry linking outside the old site becomes a sidebar link ("Liên kết",
``Link``), after the links there; an entry for a module this site does not have (members,
statistics, polls ...) is listed in the report with its title and address, for the operator.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import func, select

from ..content.models import Link
from ..extensions import db
from .bodies import clean_text
from .run import Run

KIND = "link"
# The modules whose entries the derived menu (or the search box, the feeds) already covers.
COVERED = frozenset({"", "news", "about", "contact", "seek", "feeds", "rss", "page"})


def import_menus(run: Run) -> None:
    """Note that the old menu is not copied; its external entries become sidebar links."""
    source = run.source
    table = source.lang_table("menu_rows")
    if table is None:
        return
    run.report.notes.append(
        "Menu cũ không được chép: menu của trang mới lập từ các chuyên mục và trang."
    )
    rows = source.rows(
        f"SELECT id, title, link, module_name, status FROM {table} ORDER BY mid, sort, id"
    )
    domains = {d.removeprefix("www.") for d in source.domains}
    mapped = run.mapped(KIND)
    order = db.session.scalar(select(func.max(Link.sort_order))) or 0
    for row in rows:
        title = clean_text(row["title"])[:300]
        url = clean_text(row["link"])[:1000]
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().removeprefix("www.")
        external = parts.scheme in ("http", "https") and host not in domains
        if not external:
            if row["module_name"] not in COVERED:
                run.report.notes.append(f"Mục menu cũ không chép: «{title}» ({url}).")
            continue
        item = mapped.get(str(row["id"]))
        if item is not None:
            run.report.count(KIND, "unchanged")  # staff may have edited or removed it since
            continue
        order += 10
        link = Link(title=title or url[:300], url=url, sort_order=order, enabled=row["status"] == 1)
        db.session.add(link)
        db.session.flush()
        run.report.count(KIND, "created")
        run.remember(KIND, row["id"], new_id=link.id)
    run.commit()
