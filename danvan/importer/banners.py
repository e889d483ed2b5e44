"""The banners stage: NukeViet's image banners (``<prefix>_banners_rows`` in the plans of
``_banners_plans``) as sidebar banners, under the ones the site has.

NukeViet's plans are its places on the old layout (mid-page, left, right column); this site has
two sidebar places, and an old banner goes to the lower one ("sidebar-bottom"), after the
banners there, so the committee's own banners keep the top. A banner shows when it and its plan
are active and it has not expired. Its image comes from ``uploads/banners/`` through the images
pipeline. A banner without an image (an HTML or Flash one) is skipped, saying why. A banner is
written again only when its old row changed (a checksum of what is brought over).
"""

from __future__ import annotations

import zlib
from urllib.parse import urlsplit

from sqlalchemy import func, select

from ..content.models import Banner
from ..core.clock import utcnow
from ..extensions import db
from ..media.models import Upload
from .bodies import clean_text
from .images import import_folder, module_folder
from .run import Run, timestamp
from .source import select_list

KIND = "banner"
IMAGE_KIND = "banner_image"
POSITION = "sidebar-bottom"
COLUMNS = {
    "title": "''",
    "file_name": "''",
    "file_ext": "''",
    "file_alt": "''",
    "click_url": "''",
    "exp_time": "0",
    "act": "1",
    "weight": "0",
}


def import_banners(run: Run) -> None:
    """Bring over every new or changed image banner of the old site."""
    source = run.source
    table = source.global_table("banners_rows")
    if f"{source.prefix}_banners_rows" not in source.tables:
        run.report.notes.append("Trang cũ không có mô-đun quảng cáo (banners): không có banner.")
        return
    folder = module_folder(run, "banners")
    if folder is not None:
        import_folder(run, folder, IMAGE_KIND, "Ảnh banner")
    plans: dict[int, int] = {}
    if f"{source.prefix}_banners_plans" in source.tables:
        plans = dict(
            source.connection.exec_driver_sql(
                f"SELECT id, act FROM {source.global_table('banners_plans')}"
            ).all()
        )
    picked = select_list(source.columns_of(table), COLUMNS)
    rows = source.rows(f"SELECT id, pid, {picked} FROM {table} ORDER BY weight, id")
    mapped = run.mapped(KIND)
    images = run.mapped(IMAGE_KIND)
    last = db.session.scalar(select(func.max(Banner.sort_order)).where(Banner.position == POSITION))
    order = last or 0
    for row in rows:
        old_id = row["id"]
        name = clean_text(row["file_name"])
        image = images.get(name)
        upload = db.session.get(Upload, image.new_key) if image is not None else None
        if not name or row["file_ext"].lower() == "swf":
            run.report.skip(KIND, old_id, "không phải banner ảnh (HTML hoặc Flash)")
            continue
        if upload is None:
            run.report.skip(KIND, old_id, f"thiếu tệp ảnh {name} trong uploads/banners")
            continue
        expires = timestamp(row["exp_time"])
        values = {
            "title": (clean_text(row["file_alt"]) or clean_text(row["title"]))[:300] or name,
            "image": upload.path,
            "width": upload.width,
            "height": upload.height,
            "link_url": _link(row["click_url"]),
            "enabled": row["act"] == 1
            and plans.get(row["pid"], 1) == 1
            and (expires is None or expires > utcnow()),
        }
        stamp = zlib.crc32(repr(sorted(values.items())).encode()) & 0x7FFFFFFF
        item = mapped.get(str(old_id))
        banner = db.session.get(Banner, item.new_id) if item and item.new_id else None
        if item is not None and banner is None:
            run.report.skip(KIND, old_id, "đã bị xoá trên trang mới sau lần nhập trước")
            continue
        if banner is not None and item is not None and item.stamp == stamp:
            run.report.count(KIND, "unchanged")
            continue
        if banner is None:
            order += 10
            banner = Banner(position=POSITION, sort_order=order, **values)
            db.session.add(banner)
            db.session.flush()
            run.report.count(KIND, "created")
        else:
            for key, value in values.items():
                setattr(banner, key, value)
            run.report.count(KIND, "updated")
        run.remember(KIND, old_id, new_id=banner.id, stamp=stamp)
    run.commit()


def _link(url: str | None) -> str:
    """The banner's link when it is a web address; anything else is dropped."""
    value = clean_text(url)[:1000]
    return value if urlsplit(value).scheme in ("http", "https") else ""
