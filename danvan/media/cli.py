"""``flask --app app media variants``: make the smaller copies images stored before them lack."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from .variants import create_missing_variants

media_cli = AppGroup("media", help="Ảnh đã tải lên: tạo các bản thu nhỏ còn thiếu.")


@media_cli.command("variants")
def variants_command() -> None:
    """Create every missing smaller copy (320, 640, 960 px) of the uploaded images."""
    report = create_missing_variants()
    for name in report.missing:
        click.echo(f"Thiếu tệp ảnh gốc: {name} (bỏ qua).", err=True)
    click.echo(
        f"Đã tạo {report.written} bản thu nhỏ cho {report.completed} ảnh "
        f"(trong {report.images} ảnh đã tải lên)."
    )
