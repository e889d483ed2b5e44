"""Lead images for the demonstration site: simple drawn pictures, stored like uploads.

They go through the same processing as a staff upload (``media/images.py``: WebP, the smaller
copies for ``srcset``), so lists and article pages serve them exactly as they would real ones.
"""

from __future__ import annotations

import io
import random

from flask import current_app
from PIL import Image, ImageDraw

from ..extensions import db
from ..media.images import process_image, save_processed

PALETTE = ((165, 14, 20), (242, 194, 48), (11, 76, 140), (46, 125, 50), (93, 64, 55))


def drawn_picture(rng: random.Random, size: tuple[int, int] = (1200, 800)) -> bytes:
    """A PNG of a sky, fields and a sun: a plausible photograph's shapes and colours."""
    width, height = size
    image = Image.new("RGB", size, rng.choice(PALETTE))
    draw = ImageDraw.Draw(image)
    for band in range(6):
        top = height // 2 + band * height // 12
        colour = tuple(min(255, c + rng.randint(-40, 60)) for c in rng.choice(PALETTE))
        draw.rectangle((0, top, width, height), fill=colour)
    radius = rng.randint(60, 140)
    x, y = rng.randint(radius, width - radius), rng.randint(radius, height // 2)
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(255, 236, 160))
    output = io.BytesIO()
    image.save(output, "PNG")
    return output.getvalue()


def store_demo_images(count: int, seed: int = 2026) -> list[str]:
    """Make and store ``count`` pictures (skipping any already stored); their upload names."""
    rng = random.Random(seed)
    names = []
    for number in range(count):
        image = process_image(drawn_picture(rng), current_app.config["UPLOAD_MAX_WIDTH"])
        save_processed(image, f"minh-hoa-{number + 1}.png", uploaded_by=None)
        names.append(image.name)
    db.session.commit()
    return names
