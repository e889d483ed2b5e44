"""``flask --app app seed-demo --articles 50000``: a demonstration site at full size."""

from __future__ import annotations

import time

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import inspect

from ..core.database import upgrade_schema
from ..extensions import db
from .documents import seed_documents
from .images import store_demo_images
from .seed import seed_demo


@click.command("seed-demo")
@click.option("--articles", default=50_000, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--images", default=12, show_default=True, type=click.IntRange(0, 200))
@click.option(
    "--documents",
    default=0,
    show_default=True,
    type=click.IntRange(0, 1_000_000),
    help="demonstration documents (Văn bản) too",
)
@click.option("--seed", default=2026, show_default=True, help="the same seed builds the same site")
@with_appcontext
def seed_demo_command(articles: int, images: int, documents: int, seed: int) -> None:
    """Add demonstration articles in forty categories, with tags and lead images (for trials
    and benchmarks)."""
    # A new instance has no tables yet: make them as `python app.py` would.
    if not inspect(db.engine).has_table("articles"):
        upgrade_schema(quiet=True)
    started = time.monotonic()

    def progress(done: int) -> None:
        click.echo(f"\r{done:,}/{articles:,} bài viết", nl=False)

    pictures = store_demo_images(images, seed=seed)
    report = seed_demo(articles, seed=seed, images=pictures, progress=progress)
    click.echo(
        f"\nĐã thêm {report.articles:,} bài viết, {report.categories} chuyên mục, "
        f"{report.tags} từ khóa, {report.images} ảnh trong {time.monotonic() - started:.0f} giây."
    )
    if documents:
        seed_documents(documents, seed=seed)
        click.echo(f"Đã thêm {documents:,} văn bản.")


def init_app(app: Flask) -> None:
    """Register the command."""
    app.cli.add_command(seed_demo_command)
