"""``flask --app app search rebuild``."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from ..core.formatting import thousands
from ..extensions import db
from .document_index import rebuild_documents
from .index import rebuild_index, refresh_statistics

search_cli = AppGroup("search", help="Tìm kiếm: chỉ mục các bài viết đã đăng.")


@search_cli.command("rebuild")
def rebuild_command() -> None:
    """Index every published article and document again (after a bulk import or a restore)."""
    started = time.monotonic()
    count = rebuild_index()
    documents = rebuild_documents()
    db.session.commit()
    refresh_statistics()
    click.echo(
        f"Đã lập lại chỉ mục tìm kiếm: {thousands(count)} bài viết, "
        f"{thousands(documents)} văn bản "
        f"trong {time.monotonic() - started:.1f} giây."
    )
