"""``flask --app app backup`` and ``restore``: consistent copies of a SQLite site.

SQLite's online backup API copies the database page by page under its own locking, so the copy
is consistent even while the site writes. PostgreSQL sites use pg_dump/pg_restore (README).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from ..core.clock import VIETNAM
from ..core.commands import CommandError

DATABASE_FILE = "danvan.sqlite3"


def sqlite_path() -> Path:
    """The file of the configured SQLite database; CommandError for other backends."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise CommandError(
            "Cơ sở dữ liệu không phải tệp SQLite: hãy dùng pg_dump / pg_restore (xem README)."
        )
    return Path(url.database)


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy one SQLite database into another with the online backup API."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def make_backup(instance: Path, database: Path, now: datetime | None = None) -> Path:
    """Write the database and the uploads into ``instance/backups/<timestamp>/``; return it."""
    stamp = (now or datetime.now(VIETNAM)).strftime("%Y%m%d-%H%M%S")
    folder = instance / "backups" / stamp
    folder.mkdir(parents=True, exist_ok=False, mode=0o700)
    os.chmod(folder, 0o700)  # mkdir's mode is masked by the umask
    copy_sqlite(database, folder / DATABASE_FILE)
    os.chmod(folder / DATABASE_FILE, 0o600)
    uploads = instance / "uploads"
    if uploads.is_dir():
        shutil.copytree(uploads, folder / "uploads")
    return folder


def restore_backup(folder: Path, instance: Path, database: Path) -> None:
    """Copy a backup folder's database (and uploads) over the live ones."""
    source = folder / DATABASE_FILE
    with sqlite3.connect(source) as check:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise CommandError(f"{source} không toàn vẹn: không khôi phục.")
    check.close()
    copy_sqlite(source, database)
    if (folder / "uploads").is_dir():
        shutil.rmtree(instance / "uploads", ignore_errors=True)
        shutil.copytree(folder / "uploads", instance / "uploads")


@click.command("backup")
@with_appcontext
def backup_command() -> None:
    """Back up the SQLite database and uploads into instance/backups/<timestamp>/."""
    folder = make_backup(Path(current_app.instance_path), sqlite_path())
    click.echo(f"Đã sao lưu vào {folder}")


@click.command("restore")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="không hỏi xác nhận")
def restore_command(path: Path, yes: bool) -> None:
    """Restore a backup folder made by `backup` (replaces the current data)."""
    if not (path / DATABASE_FILE).is_file():
        raise CommandError(f"{path} không chứa {DATABASE_FILE}.")
    if not yes:
        click.confirm(f"Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu {path}?", abort=True)
    restore_backup(path, Path(current_app.instance_path), sqlite_path())
    click.echo(f"Đã khôi phục từ {path}")


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
