"""The pages stage: NukeViet's "about" module (``<prefix>_<lang>_about``, named after the
module's data name) as the committee's pages, under "Giới thiệu".

NukeViet shows its about pages as the entries of the "Giới thiệu" menu, in ``weight`` order, and
``/about/`` as the first of them; here they become the subpages of the top-level "Giới thiệu"
page (the sample's, or the one staff wrote) in the same order, or top-level pages when there is
none. Bodies are cleaned like articles' (``bodies.py``), their images (``uploads/about/``)
brought over by the images pipeline first.

On a new site the sample subpages (Cơ cấu tổ chức, Chức năng – nhiệm vụ), still in their
placeholder text, give way to the old site's own pages, and the placeholder text of "Giới
thiệu" goes, so that page lists them; the contact page stays (NukeViet's contact module is a
separate one), as does any page staff have edited. A page is read again only when its
``edit_time`` changed; an update brings its title, text and state, and keeps the place staff
may have given it here.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from sqlalchemy import select

from ..core.clock import utcnow
from ..extensions import db
from ..pages.models import Page, PageKind
from ..pages.sample import ABOUT, CHILDREN
from .bodies import UploadPaths, clean_body, clean_summary, clean_text
from .images import image_urls, import_folder, module_folder
from .run import Run, timestamp
from .source import select_list

KIND = "page"
# An old page alias, lower-cased, for the redirects (old links spell it either way).
ALIAS_KIND = "page_alias"
IMAGE_KIND = "page_image"
MODULE = "about"
COLUMNS = {
    "image": "''",
    "imagealt": "''",
    "description": "''",
    "weight": "0",
    "add_time": "0",
    "edit_time": "0",
    "status": "1",
}
# Sorted after the sample contact page (20) and anything staff put before it.
TOP_LEVEL_FROM = 100


def import_pages(run: Run) -> None:
    """Bring over every new or edited about page of the old site; a note when it has none."""
    source = run.source
    data = source.module_data_of(MODULE)
    table = source.lang_table(data)
    if table is None:
        run.report.notes.append(
            f"Trang cũ không có mô-đun giới thiệu (bảng {source.prefix}_{source.lang}_{data}): "
            "không có trang giới thiệu nào được chuyển."
        )
        return
    folder = module_folder(run, data)
    if folder is not None:
        import_folder(run, folder, IMAGE_KIND, "Ảnh trang")
    picked = select_list(source.columns_of(table), COLUMNS)
    rows = source.rows(
        f"SELECT id, title, alias, bodytext, {picked} FROM {table} ORDER BY weight, id"
    )
    _replace_sample_pages(run)
    parent = _parent_page()
    mapped = run.mapped(KIND)
    existing = {p.id: p for p in db.session.scalars(select(Page))}
    taken = {p.slug for p in existing.values()}
    paths = UploadPaths(data, source.domains)
    urls = image_urls(run, IMAGE_KIND)
    for order, row in enumerate(rows, start=1):
        old_id = row["id"]
        item = mapped.get(str(old_id))
        page = existing.get(item.new_id or 0) if item is not None else None
        if item is not None and page is None:
            run.report.skip(KIND, old_id, "đã bị xoá trên trang mới sau lần nhập trước")
            continue
        if page is not None and item is not None and item.stamp == row["edit_time"]:
            run.report.count(KIND, "unchanged")
            continue
        values = _values(run, row, paths, urls.get)
        if page is None:
            alias = values["slug"]
            if alias in taken:
                values["slug"] = f"{alias[:190]}-{old_id}"
                run.report.repair(
                    KIND, old_id, f"đường dẫn «{alias}» đã có trang khác: dùng «{values['slug']}»"
                )
            page = Page(
                **values,
                kind=PageKind.PAGE.value,
                in_menu=True,
                parent_id=parent.id if parent is not None else None,
                sort_order=order * 10 + (0 if parent is not None else TOP_LEVEL_FROM),
            )
            db.session.add(page)
            db.session.flush()
            taken.add(page.slug)
            run.report.count(KIND, "created")
        else:
            values.pop("slug")  # the address residents and staff already know stays
            for key, value in values.items():
                setattr(page, key, value)
            run.report.count(KIND, "updated")
        run.remember(KIND, old_id, new_id=page.id, new_key=page.slug, stamp=row["edit_time"])
        run.remember(ALIAS_KIND, clean_text(row["alias"]).lower(), new_id=page.id)
        if order % run.batch_size == 0:
            run.commit()
    run.commit()


def _values(
    run: Run, row: dict, paths: UploadPaths, new_image: Callable[[str], str | None]
) -> dict:
    old_id = row["id"]
    title = clean_text(row["title"])[:500] or f"Trang {old_id}"
    raw = row["bodytext"] or ""
    image = clean_text(row["image"])
    if image:
        # NukeViet shows the page's image above its text: relative to uploads/about/.
        key = paths.upload_key(image) if "://" in image or "/" in image else image
        url = new_image(key) if key else None
        if url is None:
            run.report.repair(KIND, old_id, f"thiếu tệp ảnh {image}: bỏ ảnh của trang")
        else:
            alt = html.escape(clean_text(row["imagealt"]) or title, quote=True)
            raw = f'<p><img src="{url}" alt="{alt}"></p>' + raw
    body = clean_body(raw, paths, new_image)
    for repair in body.repairs:
        run.report.repair(KIND, old_id, repair)
    for key in body.missing_images:
        run.report.repair(KIND, old_id, f"thiếu tệp ảnh {key} trong thư mục ảnh cũ: bỏ ảnh")
    return {
        "slug": clean_text(row["alias"]).replace(" ", "-")[:200] or f"trang-{old_id}",
        "title": title,
        "summary": clean_summary(row["description"]),
        "body_source": "",  # the editor starts from the HTML, as for imported articles
        "body_html": body.html,
        "published": row["status"] == 1,
        "created_at": timestamp(row["add_time"]) or utcnow(),
        "updated_at": timestamp(row["edit_time"]) or timestamp(row["add_time"]) or utcnow(),
    }


def _replace_sample_pages(run: Run) -> None:
    """On a site that never imported pages: drop the sample subpages and the placeholder text of
    "Giới thiệu", each only while it still reads as the sample wrote it."""
    if run.mapped(KIND):
        return
    samples = {values[0]: values[3] for values in (ABOUT, *CHILDREN)}
    pages = db.session.scalars(select(Page).where(Page.slug.in_(samples))).all()
    replaced = False
    for page in pages:
        if page.body_source != samples[page.slug]:
            continue  # staff wrote it: theirs stays
        replaced = True
        if page.slug == ABOUT[0]:
            page.body_source, page.body_html, page.summary = "", "", ""
        else:
            db.session.delete(page)
    if replaced:
        db.session.flush()
        run.report.notes.append(
            "Đã thay các trang mẫu (Cơ cấu tổ chức, Chức năng – nhiệm vụ và lời mẫu của Giới "
            "thiệu) bằng các trang giới thiệu của trang cũ; trang Liên hệ giữ nguyên."
        )


def _parent_page() -> Page | None:
    """The top-level "Giới thiệu" page the old pages go under, if the site has one."""
    return db.session.scalars(
        select(Page).where(
            Page.slug == ABOUT[0], Page.parent_id.is_(None), Page.kind == PageKind.PAGE.value
        )
    ).first()
