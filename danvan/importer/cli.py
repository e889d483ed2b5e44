"""``flask --app app import-nukeviet --source mysql+pymysql://USER:PASS@HOST/DB --uploads PATH``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..core.clock import utcnow
from ..core.database import upgrade_schema
from .stages import import_site


@click.command("import-nukeviet")
@click.option("--source", "url", required=True, help="mysql+pymysql://USER:PASS@HOST/DB")
@click.option(
    "--uploads",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Thư mục uploads/ của trang NukeViet.",
)
@click.option("--prefix", default="nv4", show_default=True, help="Tiền tố bảng.")
@click.option("--lang", default="vi", show_default=True, help="Ngôn ngữ dữ liệu.")
@click.option("--module", default="news", show_default=True, help="Tên mô-đun tin tức.")
@click.option("--dry-run", is_flag=True, help="Đọc hết, không ghi gì, in báo cáo.")
@with_appcontext
def import_nukeviet_command(
    url: str, uploads: Path | None, prefix: str, lang: str, module: str, dry_run: bool
) -> None:
    """Bring a NukeViet 4.3–5.x site's news over: categories, tags, images, articles, figures.

    Safe to run again: what was brought over and has not changed on the old site is left as
    it is; what changed (by edit time) is brought over again.
    """
    upgrade_schema(quiet=True)
    report = import_site(url, uploads, prefix, lang, module, dry_run=dry_run)
    path = None if dry_run else report.write(current_app.instance_path, utcnow())
    click.echo(report.text(), nl=False)
    if path is not None:
        click.echo(f"\nĐã ghi báo cáo: {path}")
