"""Smaller copies of every uploaded image, for ``srcset``: ``<hash>-320.webp`` and so on.

A variant's name is derived from its image's (the hash, a dash, the width), so nothing in the
database lists them: a template asks ``available_widths`` which ones are on disk. They are made
when the image is uploaded (``images.store_image``) and, for images stored before they existed
or put in the folder by an import, by ``flask --app app media variants`` — never while a reader
waits. A variant is only ever narrower than its image (no upscaling); an image at most 320
pixels wide has none. Until a variant exists, pages simply offer the image itself.

Which variants exist is kept per image in the cache ``media.variants`` (``core/caches.py``) for
30 s, so a list of twenty cards costs no file-system calls on most renders; this process forgets
an image's entry when it stores one, other processes (and the command) are seen within 30 s.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from flask import url_for
from PIL import Image
from sqlalchemy import func, select

from ..core.caches import UPLOAD, cache, forget
from ..extensions import db
from .models import Upload
from .storage import save_file, uploads_folder

# Three steps cover a phone's thumbnail (120 px at 2x is 240) up to a desktop's article column
# (about 750 px, 960 at 1.3x); the image itself (DANVAN_UPLOAD_MAX_WIDTH) serves wider needs.
VARIANT_WIDTHS = (320, 640, 960)
WEBP_QUALITY = 82
# An uploaded image's name, or one of its variants'; /uploads/<name> serves nothing else.
SERVED_NAME = re.compile(
    r"[0-9a-f]{32}(?:-(?:" + "|".join(str(width) for width in VARIANT_WIDTHS) + r"))?\.webp"
)


def variant_name(name: str, width: int) -> str:
    """``<hash>.webp`` -> ``<hash>-<width>.webp``."""
    return f"{name.removesuffix('.webp')}-{width}.webp"


def planned_widths(width: int) -> tuple[int, ...]:
    """The variant widths an image ``width`` pixels wide gets: only narrower ones."""
    return tuple(step for step in VARIANT_WIDTHS if step < width)


def encode_variants(image: Image.Image, widths: tuple[int, ...] | None = None) -> dict[int, bytes]:
    """WebP files of ``image`` at each planned width (or those of ``widths`` among them),
    height in proportion."""
    variants = {}
    for width in planned_widths(image.width):
        if widths is not None and width not in widths:
            continue
        height = max(1, round(image.height * width / image.width))
        # reducing_gap: shrink by whole factors first, then Lanczos: as sharp, several times
        # faster on a 1600-pixel image.
        smaller = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        output = io.BytesIO()
        smaller.save(output, "WEBP", quality=WEBP_QUALITY, method=4)
        variants[width] = output.getvalue()
    return variants


def save_variants(name: str, variants: dict[int, bytes]) -> int:
    """Store the variants of image ``name`` that are not on disk yet; how many were written."""
    folder = uploads_folder()
    written = sum(
        save_file(folder, variant_name(name, width), data) for width, data in variants.items()
    )
    forget(UPLOAD, name)
    return written


def available_widths(upload: Upload) -> tuple[int, ...]:
    """The widths of ``upload``'s variants that are on disk (cached, see the module)."""
    planned = planned_widths(upload.width)
    if not planned:
        return ()

    def look() -> tuple[int, ...]:
        folder = uploads_folder()
        return tuple(w for w in planned if (folder / variant_name(upload.name, w)).is_file())

    return cache("media.variants").get(upload.name, look)


def image_srcset(upload: Upload) -> str:
    """The ``srcset`` of an uploaded image: its variants on disk and itself; "" when it has
    no variant (the ``src`` alone says it all)."""
    widths = available_widths(upload)
    if not widths:
        return ""
    candidates = [
        f"{url_for('media.upload', name=variant_name(upload.name, width))} {width}w"
        for width in widths
    ]
    candidates.append(f"{upload.url} {upload.width}w")
    return ", ".join(candidates)


def image_thumbnail_url(upload: Upload) -> str:
    """The smallest stored copy of an image (a staff list's thumbnail), else the image."""
    widths = available_widths(upload)
    name = variant_name(upload.name, widths[0]) if widths else upload.name
    return url_for("media.upload", name=name)


@dataclass
class VariantReport:
    """What ``create_missing_variants`` did."""

    images: int = 0  # uploads in the table
    completed: int = 0  # uploads that lacked variants and now have them
    written: int = 0  # variant files written
    missing: list[str] = field(default_factory=list)  # uploads whose own file is not on disk


def uploads_lacking_variants() -> Iterator[tuple[Upload, tuple[int, ...]]]:
    """Every upload with a variant missing on disk, and the widths it lacks."""
    folder = uploads_folder()
    rows = db.session.scalars(
        select(Upload).where(Upload.width > VARIANT_WIDTHS[0]).order_by(Upload.name)
    )
    for upload in rows.yield_per(500):
        lacking = tuple(
            width
            for width in planned_widths(upload.width)
            if not (folder / variant_name(upload.name, width)).is_file()
        )
        if lacking:
            yield upload, lacking


def create_missing_variants() -> VariantReport:
    """Make every missing variant from the stored images (the ``media variants`` command)."""
    report = VariantReport()
    folder = uploads_folder()
    report.images = db.session.scalar(select(func.count()).select_from(Upload)) or 0
    for upload, lacking in uploads_lacking_variants():
        path = folder / upload.name
        if not path.is_file():
            report.missing.append(upload.name)
            continue
        with Image.open(path) as stored:
            stored.load()
            variants = encode_variants(stored, lacking)
        report.written += save_variants(upload.name, variants)
        report.completed += 1
    return report
