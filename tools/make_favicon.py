"""Draw static/img/favicon.ico: the emblem of base.html's inline icon (a red disc, a yellow
five-pointed star) at 16, 32 and 48 pixels.

Run once when the emblem changes (``python tools/make_favicon.py``) and commit the file:
the site serves it as it is at /favicon.ico (danvan/discovery/views.py).
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

RED = (0xB3, 0x12, 0x1B, 255)
YELLOW = (0xF7, 0xD0, 0x46, 255)
SIZES = (16, 32, 48)
DRAWN_AT = 512  # drawn large and shrunk with a good filter: smooth edges at every size
TARGET = Path(__file__).resolve().parent.parent / "static" / "img" / "favicon.ico"


def star_points(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    """A five-pointed star, one point up, as ten polygon corners."""
    points = []
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        angle = -math.pi / 2 + index * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def emblem(size: int = DRAWN_AT) -> Image.Image:
    """The icon at ``size`` pixels, on a transparent background (the inline SVG's geometry)."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((0, 0, size - 1, size - 1), fill=RED)
    # The SVG's star: outer radius 10.5 and inner 4.0 of a 32-unit square, centred at (16, 16.2).
    unit = size / 32
    draw.polygon(star_points(16 * unit, 16.2 * unit, 10.5 * unit, 4.0 * unit), fill=YELLOW)
    return image


def main() -> None:
    """Write the ICO with one image per size."""
    large = emblem()
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    large.save(TARGET, format="ICO", sizes=[(size, size) for size in SIZES])
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
