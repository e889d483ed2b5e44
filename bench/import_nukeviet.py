"""How long ``import-nukeviet`` takes at a real site's size: ``python -m bench.import_nukeviet``.

Builds a NukeViet 4.5 site in MariaDB from NukeViet's own table definitions
(``tests/support/nukeviet_schema.py``): 40 categories, 300 tags, ``--articles`` articles with
bodies of five to nine paragraphs of the sample article's Vietnamese (with NukeViet's debris:
``&nbsp;`` runs, inline styles, empty paragraphs), each with a lead image and every tenth with a
second image in its body, two tags each, views and ratings; ``--images`` distinct JPEG photos
(800 x 533) in its uploads folder. Then imports it into a fresh SQLite site and prints each
stage's time, the total and the CPU time (the machine is shared: the wall time depends on what
else runs; the CPU time over the cores is what an idle machine would take).
``DANVAN_TEST_MYSQL_URL`` (or ``--mysql``) names the server.

    python -m bench.import_nukeviet [--articles 10000] [--images 2000]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw


def photos(folder: Path, count: int, rng: random.Random) -> list[str]:
    """``count`` distinct JPEGs in ``folder`` (gradients and shapes, like a photo's size)."""
    names = []
    base = Image.linear_gradient("L").resize((800, 533)).convert("RGB")
    for number in range(count):
        image = base.copy()
        draw = ImageDraw.Draw(image)
        for _ in range(12):
            x, y = rng.randrange(800), rng.randrange(533)
            colour = tuple(rng.randrange(256) for _ in range(3))
            draw.ellipse((x, y, x + rng.randrange(40, 300), y + rng.randrange(40, 200)), colour)
        draw.text((20, 20), f"Ảnh {number}", fill=(255, 255, 255))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=85)
        name = f"{2015 + number % 10}_{number % 12 + 1:02d}/anh-{number}.jpg"
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(buffer.getvalue())
        names.append(name)
    return names


def body(rng: random.Random, paragraphs: list[str], image: str | None) -> str:
    """An old body as NukeViet's editor left it."""
    parts = [
        f'<p style="text-align: justify;">{p.replace(" ", "&nbsp; ", 2)}</p>' for p in paragraphs
    ]
    parts.insert(rng.randrange(len(parts)), "<p>&nbsp;</p>")
    if image:
        parts.insert(
            2, f'<p><img alt="ảnh" src="/uploads/news/{image}" style="width: 600px" /></p>'
        )
    return "\n".join(parts)


def build(site, articles: int, images: list[str], rng: random.Random) -> None:
    from danvan.demo.text import paragraphs, title
    from tests.support.nukeviet import Builder

    build = Builder(site)
    for catid in range(1, 41):
        build.category(
            catid,
            f"chuyen-muc-{catid}",
            f"Chuyên mục {catid}",
            parentid=0 if catid <= 8 else (catid % 8) + 1,
        )
    with site.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO nv4_vi_news_tags (tid, title, alias) VALUES (%s, %s, %s)",
            [(tid, f"Từ khóa {tid}", f"tu-khoa-{tid}") for tid in range(1, 301)],
        )
        rows, details, links = [], [], []
        for number in range(1, articles + 1):
            heading = title(rng, "công tác dân vận")
            lead = images[number % len(images)]
            extra = images[(number * 7) % len(images)] if number % 10 == 0 else None
            when = 1_400_000_000 + number * 30_000
            rows.append(
                (
                    number,
                    rng.randint(1, 40),
                    heading,
                    f"bai-viet-{number}",
                    " ".join(paragraphs(rng, 1)),
                    lead,
                    when,
                    when,
                    when,
                    rng.randint(0, 5000),
                    4 * (number % 3),
                    number % 3,
                )
            )
            details.append((number, body(rng, paragraphs(rng, rng.randint(5, 9)), extra)))
            for tid in {rng.randint(1, 300), rng.randint(1, 300)}:
                links.append((number, tid, f"từ khóa {tid}"))
        connection.exec_driver_sql(
            "INSERT INTO nv4_vi_news_rows (id, catid, title, alias, hometext, homeimgfile,"
            " addtime, edittime, publtime, hitstotal, total_rating, click_rating, status,"
            " allowed_rating) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 1, 1)",
            rows,
        )
        connection.exec_driver_sql(
            "INSERT INTO nv4_vi_news_detail (id, description, bodyhtml) VALUES (%s, '', %s)",
            details,
        )
        connection.exec_driver_sql(
            "INSERT INTO nv4_vi_news_tags_id (id, tid, keyword) VALUES (%s, %s, %s)", links
        )


def cpu_seconds() -> float:
    """User and system time of this process and of its finished children (the image pool)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(stage, timings):
    """``stage``, noting how long it took in ``timings``."""

    def run(importing):
        start = time.perf_counter()
        stage(importing)
        timings.append((stage.__name__, time.perf_counter() - start))

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--images", type=int, default=2_000)
    parser.add_argument(
        "--mysql",
        default=os.environ.get(
            "DANVAN_TEST_MYSQL_URL", "mysql+pymysql://danvan:danvan@127.0.0.1:3306"
        ),
    )
    options = parser.parse_args()
    os.environ["DANVAN_TEST_MYSQL_URL"] = options.mysql

    from danvan import create_app
    from danvan.extensions import db
    from danvan.importer import stages
    from tests.conftest import make_config
    from tests.support.nukeviet import OldSite

    rng = random.Random(2026)
    site = OldSite()
    try:
        with tempfile.TemporaryDirectory() as folder:
            uploads = Path(folder) / "uploads"
            (uploads / "news").mkdir(parents=True)
            started = time.perf_counter()
            names = photos(uploads / "news", options.images, rng)
            build(site, options.articles, names, rng)
            print(f"built the old site in {time.perf_counter() - started:.1f} s")
            load = os.getloadavg()[0]
            app = create_app(make_config(Path(folder) / "instance"))
            timings: list[tuple[str, float]] = []
            stages.STAGES = tuple(timed(stage, timings) for stage in stages.STAGES)
            with app.app_context():
                db.create_all()
                start, cpu = time.perf_counter(), cpu_seconds()
                report = stages.import_site(site.url, uploads, show_progress=False)
                total, cpu = time.perf_counter() - start, cpu_seconds() - cpu
                db.session.remove()
                db.engine.dispose()
            for name, seconds in timings:
                print(f"  {name:<24} {seconds:6.1f} s")
            print(report.text())
            print(
                f"imported {options.articles:,} articles and {options.images:,} images in "
                f"{total:.1f} s on {os.cpu_count()} cores (load average before: {load:.1f}); "
                f"CPU time {cpu:.1f} s in this process and its image workers"
            )
    finally:
        site.drop()


if __name__ == "__main__":
    main()
