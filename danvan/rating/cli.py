"""``flask --app app rating reconcile`` and ``flask --app app rating reset ARTICLE_ID``."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ..content.models import Article
from ..core.commands import CommandError
from ..extensions import db
from .maintenance import reconcile, reset_article
from .models import STARS

rating_cli = AppGroup("rating", help="Đánh giá bài viết: đối soát và xoá phiếu.")


@rating_cli.command("reconcile")
def reconcile_command() -> None:
    """Recompute every article's totals from the votes and report any drift."""
    drift = reconcile()
    if not drift:
        click.echo("Khớp: tổng điểm của mọi bài viết đúng với các phiếu đã lưu.")
        return
    for article_id, stored, true_values in drift:
        click.echo(
            f"Bài viết {article_id}: đã lưu {_describe(stored)}, "
            f"đúng là {_describe(true_values)} (đã sửa)."
        )
    click.echo(f"Đã sửa {len(drift)} bài viết.")


def _describe(values: tuple[int, ...]) -> str:
    count, total, *per_star = values
    stars = " ".join(f"{stars}★={n}" for stars, n in zip(STARS, per_star, strict=True))
    return f"{count} phiếu, tổng {total} [{stars}]"


@rating_cli.command("reset")
@click.argument("article_id", type=int)
@click.option("--yes", is_flag=True, help="không hỏi lại")
def reset_command(article_id: int, yes: bool) -> None:
    """Delete every vote of one article."""
    if db.session.get(Article, article_id) is None:
        raise CommandError(f"Không có bài viết {article_id}.")
    if not yes:
        click.confirm(f"Xoá mọi đánh giá của bài viết {article_id}?", abort=True)
    removed = reset_article(article_id)
    click.echo(f"Đã xoá {removed} phiếu đánh giá của bài viết {article_id}.")
