"""Images staff upload for articles and banners: checked, resized, converted to WebP, served.

The type is what Pillow finds in the bytes, never the file name. Every image is decoded in full
(a truncated or hostile file fails here, not in a resident's browser), turned upright from its
EXIF orientation, shrunk to ``DANVAN_UPLOAD_MAX_WIDTH`` and re-encoded as WebP, which also drops
EXIF (camera, GPS position). The file is named after the SHA-256 of what is stored, so a name
never changes meaning: it is served with a one-year ``immutable`` cache, and uploading the same
picture twice stores it once. Smaller copies for ``srcset`` are stored beside it
(``variants.py``). Files live in ``instance/uploads/`` (the backup command copies that folder);
the ``uploads`` table lists them for the staff pages.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
import warnings
from dataclasses import dataclass, field

from flask import current_app
from flask_login import current_user
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select

from ..core.clock import utcnow
from ..extensions import db
from ..staff import audit
from .models import Upload
from .storage import save_file, uploads_folder
from .variants import encode_variants, save_variants

ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "GIF": "GIF", "WEBP": "WebP"}
# A 5 MB file can still claim 50,000 x 50,000 pixels; refuse to decode more than this.
MAX_PIXELS = 40_000_000
WEBP_QUALITY = 82

NOT_AN_IMAGE = (
    "Tệp này không phải là ảnh JPEG, PNG, GIF hoặc WebP "
    "(hệ thống kiểm tra nội dung tệp, không dựa vào tên tệp)."
)
TOO_MANY_PIXELS = "Ảnh quá lớn: tối đa 40 triệu điểm ảnh."
NO_FILE = "Vui lòng chọn một tệp ảnh."
# Decoding a 40-megapixel PNG takes about 460 MB (a JPEG, decoded scaled down, about 120 MB):
# one at a time per process bounds what uploads can take from a worker. Uploads are rare.
PARALLEL_DECODES = 1
_decoding = threading.BoundedSemaphore(PARALLEL_DECODES)


class ImageRefused(Exception):
    """An upload that is not stored; ``status`` and ``message`` go back to the staff member."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class ProcessedImage:
    """An image ready to store, and its smaller copies by width."""

    data: bytes
    width: int
    height: int
    variants: dict[int, bytes] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return hashlib.sha256(self.data).hexdigest()[:32] + ".webp"


def too_large_message(limit: int) -> str:
    """The message for a file over the size limit, in whole megabytes when it is one."""
    if limit % (1024 * 1024) == 0:
        return f"Tệp ảnh quá lớn: tối đa {limit // (1024 * 1024)} MB."
    return f"Tệp ảnh quá lớn: tối đa {limit:,} byte."


def process_image(data: bytes, max_width: int, variants: bool = True) -> ProcessedImage:
    """Check that ``data`` is an image (by content), shrink it to ``max_width``, make it WebP,
    and make its smaller copies (``variants.py``) unless ``variants`` is False (a bulk import
    leaves them to ``flask media variants``, which makes what is missing).

    Raises ``ImageRefused`` for anything that is not a whole JPEG, PNG, GIF or WebP image.
    At most ``PARALLEL_DECODES`` images are decoded at once per process, so a worker's memory
    for uploads is bounded (README, "Images").
    """
    with _decoding:
        return _process(data, max_width, variants)


def _process(data: bytes, max_width: int, variants: bool) -> ProcessedImage:
    try:
        # Pillow warns past ~89 million pixels and refuses past twice that, while reading the
        # header: both mean "too large", which is what the staff member must be told.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefused(400, TOO_MANY_PIXELS) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageRefused(400, NOT_AN_IMAGE) from None
    try:
        with probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise ImageRefused(400, NOT_AN_IMAGE)
            if probe.width * probe.height > MAX_PIXELS:
                raise ImageRefused(400, TOO_MANY_PIXELS)
            # A JPEG decodes straight to 1/2, 1/4 or 1/8 of its size when that still covers
            # the width kept (either way up, for EXIF rotation): a sixteenth of the memory.
            probe.draft("RGB", (max_width, max_width))
            probe.load()  # decode everything now: a broken file fails here
            image = ImageOps.exif_transpose(probe)
            has_alpha = image.mode in ("RGBA", "LA", "PA") or (
                image.mode == "P" and "transparency" in image.info
            )
            image = image.convert("RGBA" if has_alpha else "RGB")
    except ImageRefused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ImageRefused(400, NOT_AN_IMAGE) from None
    if image.width > max_width:
        height = max(1, round(image.height * max_width / image.width))
        image = image.resize((max_width, height), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    image.save(output, "WEBP", quality=WEBP_QUALITY, method=4)
    # The copies come from the image as stored, as the command makes them for older uploads.
    copies = encode_variants(image) if variants else {}
    return ProcessedImage(output.getvalue(), image.width, image.height, copies)


def store_image(data: bytes, original_name: str) -> Upload:
    """Process and store an uploaded file; returns its row (existing when already uploaded).

    Each file is written to a temporary name and renamed, so a reader never sees half a file;
    the variants go first, so a page never offers one that is not there yet. Adds an audit
    entry; the caller commits.
    """
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    if len(data) > limit:
        raise ImageRefused(413, too_large_message(limit))
    image = process_image(data, current_app.config["UPLOAD_MAX_WIDTH"])
    row, created = save_processed(image, original_name, int(current_user.get_id()))
    if created:
        audit.record("upload.create", "upload", image.name, row.original_name)
    return row


def save_processed(
    image: ProcessedImage, original_name: str, uploaded_by: int | None
) -> tuple[Upload, bool]:
    """Store a processed image's copies and file, and its row unless it exists; the row, and
    whether it is new (the caller commits)."""
    save_variants(image.name, image.variants)
    save_file(uploads_folder(), image.name, image.data)
    row = db.session.get(Upload, image.name)
    if row is not None:
        return row, False
    row = Upload(
        name=image.name,
        original_name=os.path.basename(original_name)[:300],
        width=image.width,
        height=image.height,
        size=len(image.data),
        uploaded_by=uploaded_by,
        created_at=utcnow(),
    )
    db.session.add(row)
    return row, True


def recent_uploads(limit: int = 60) -> list[Upload]:
    """The latest uploads, newest first."""
    return list(
        db.session.scalars(
            select(Upload).order_by(Upload.created_at.desc(), Upload.name).limit(limit)
        )
    )
