"""``flask --app app load-sample-content``."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from ..core.database import upgrade_schema
from .sample import load_sample_content


@click.command("load-sample-content")
@with_appcontext
def load_sample_content_command() -> None:
    """Apply migrations, then load the sample content if the database is empty."""
    upgrade_schema(quiet=True)
    if load_sample_content():
        click.echo("Đã nạp nội dung mẫu.")
    else:
        click.echo("Cơ sở dữ liệu đã có nội dung: không nạp gì thêm.")


def init_app(app: Flask) -> None:
    """Register the command."""
    app.cli.add_command(load_sample_content_command)
