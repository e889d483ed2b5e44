"""One import run: its stages in order, what they share, and how their work is committed.

A stage is a function ``(run) -> None`` that reads one kind from the old site and writes it
here; ``STAGES`` lists them in the order their kinds depend on one another (categories and tags
before the articles that use them, images before the bodies that show them, the figures after
the articles they count). Adding a kind is one more entry.

Each batch commits its items together with their rows in ``import_map`` (``ImportedItem``), so
an interrupted run leaves whole items behind and the next run carries on after them. A dry run
flushes instead of committing and rolls everything back at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import click
from sqlalchemy import select

from ..extensions import db
from .models import ImportedItem
from .report import Report
from .source import Source

T = TypeVar("T")


@dataclass
class Run:
    """What every stage of one run shares."""

    source: Source
    report: Report
    uploads: Path | None
    dry_run: bool = False
    batch_size: int = 200
    show_progress: bool = True
    # A test's stand-in for a process killed half-way: called after each article is written.
    after_article: Callable[[int], None] | None = None
    _maps: dict[str, dict[str, ImportedItem]] = field(default_factory=dict)

    def mapped(self, kind: str) -> dict[str, ImportedItem]:
        """Every old item of ``kind`` already brought over, by old key (read once per run)."""
        if kind not in self._maps:
            rows = db.session.scalars(select(ImportedItem).where(ImportedItem.kind == kind))
            self._maps[kind] = {row.old_key: row for row in rows}
        return self._maps[kind]

    def new_id(self, kind: str, old_key: object) -> int | None:
        """The new id of an old item, or None when it was not brought over."""
        item = self.mapped(kind).get(str(old_key))
        return item.new_id if item is not None else None

    def remember(self, kind: str, old_key: object, **values: object) -> ImportedItem:
        """Record (or update) what an old item became; committed with the item."""
        items = self.mapped(kind)
        key = str(old_key)[:255]
        item = items.get(key)
        if item is None:
            item = ImportedItem(kind=kind, old_key=key, new_key="", stamp=0, figure=0)
            db.session.add(item)
            items[key] = item
        for name, value in values.items():
            if getattr(item, name) != value:
                setattr(item, name, value)
        return item

    def commit(self) -> None:
        """End a batch: commit it, or in a dry run only send it to the database."""
        if self.dry_run:
            db.session.flush()
        else:
            db.session.commit()

    @contextmanager
    def progress(self, label: str, items: Sequence[T]) -> Iterator[Iterable[T]]:
        """Iterate ``items`` under a progress bar labelled ``label`` (none in quiet runs)."""
        if not self.show_progress:
            yield items
            return
        with click.progressbar(items, label=label.ljust(12), show_pos=True) as bar:
            yield bar


def timestamp(value: int | None) -> datetime | None:
    """A NukeViet time (Unix seconds) as an aware datetime; None for 0."""
    return datetime.fromtimestamp(value, UTC) if value else None


def run_stages(run: Run, stages: Sequence[Callable[[Run], None]]) -> Report:
    """Run every stage in order; a dry run is rolled back whole at the end."""
    try:
        for stage in stages:
            stage(run)
    finally:
        if run.dry_run:
            db.session.rollback()
    return run.report
