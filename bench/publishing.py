"""CPU cost of publishing work, in process: ``python -m bench.publishing``.

Times the image pipeline (check, decode, shrink, WebP) on a camera-sized photo and the article
body pipeline (Markdown + nh3) on a long article. Run by hand; figures go in the report.
"""

from __future__ import annotations

import io
import random
import time

from PIL import Image

from danvan.content.body import render_body
from danvan.media.images import process_image


def photo(width: int = 4000, height: int = 3000) -> bytes:
    """A noisy JPEG (noise compresses badly, like a real photo)."""
    image = Image.effect_noise((width, height), 64).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    data = photo()
    seconds = best_of(5, lambda: process_image(data, 1600))
    size = len(data) / 1e6
    print(
        f"image 4000x3000 JPEG ({size:.1f} MB) -> 1600 px WebP and its 320/640/960 copies: "
        f"{seconds * 1000:.0f} ms"
    )
    random.seed(1)
    words = ["dân", "vận", "khéo", "**chính**", "quyền", "[liên kết](https://a.vn)", "nhân"]
    paragraphs = [" ".join(random.choices(words, k=80)) for _ in range(300)]
    body = "\n\n".join(f"## Mục {n}\n\n{p}" if n % 10 == 0 else p for n, p in enumerate(paragraphs))
    seconds = best_of(20, lambda: render_body(body))
    print(f"body {len(body) / 1000:.0f} kB Markdown -> sanitised HTML: {seconds * 1000:.1f} ms")
    short = "\n\n".join(paragraphs[:6])
    seconds = best_of(200, lambda: render_body(short))
    print(f"body {len(short) / 1000:.1f} kB (a typical article) -> HTML: {seconds * 1000:.2f} ms")


if __name__ == "__main__":
    main()
