"""``flask --app app stats set-legacy-total N`` and ``stats purge``."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ..core.caches import STATS, forget
from ..core.clock import utcnow
from .counting import stats_store
from .figures import set_legacy_total

stats_cli = AppGroup("stats", help="Số liệu thống kê truy cập.")


@stats_cli.command("set-legacy-total")
@click.argument("total", type=click.IntRange(min=0))
def set_legacy_total_command(total: int) -> None:
    """Carry over the old site's visit total (added to "Tổng lượt truy cập")."""
    previous = set_legacy_total(total)
    forget(STATS)
    if previous is None:
        click.echo(f"Đã đặt tổng lượt truy cập cũ: {total:,}.")
    else:
        click.echo(f"Đã thay tổng lượt truy cập cũ {previous:,} bằng {total:,}.")


@stats_cli.command("purge")
def purge_command() -> None:
    """Delete presence, idle visits and salts that have expired (runs by itself too)."""
    stats_store().purge(utcnow())
    click.echo("Đã xóa dữ liệu hết hạn.")
