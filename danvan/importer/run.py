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
from typing import Any, TypeVar

import click
from sqlalchemy import select

from ..core.database import dialect_insert
from ..extensions import db
from .models import ImportedItem
from .report import Report
from .source import Source

T = TypeVar("T")
COLUMNS = ("new_id", "new_key", "stamp", "figure")


@dataclass
class Entry:
    """What the run knows of one old item (a plain copy of its ``import_map`` row)."""

    new_id: int | None = None
    new_key: str = ""
    stamp: int = 0
    figure: int = 0


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
    _maps: dict[str, dict[str, Entry]] = field(default_factory=dict)
    # import_map rows to write with the batch being built, by (kind, old key).
    _pending: dict[tuple[str, str], Entry] = field(default_factory=dict)

    def mapped(self, kind: str) -> dict[str, Entry]:
        """Every old item of ``kind`` already brought over, by old key (read once per run).

        Plain values, not ORM rows: a commit expires ORM rows, and reading one again would
        cost a query per item.
        """
        if kind not in self._maps:
            rows = db.session.execute(
                select(
                    ImportedItem.old_key,
                    ImportedItem.new_id,
                    ImportedItem.new_key,
                    ImportedItem.stamp,
                    ImportedItem.figure,
                ).where(ImportedItem.kind == kind)
            )
            self._maps[kind] = {
                row.old_key: Entry(row.new_id, row.new_key, row.stamp, row.figure) for row in rows
            }
        return self._maps[kind]

    def new_id(self, kind: str, old_key: object) -> int | None:
        """The new id of an old item, or None when it was not brought over."""
        entry = self.mapped(kind).get(str(old_key))
        return entry.new_id if entry is not None else None

    def remember(self, kind: str, old_key: object, **values: Any) -> Entry:
        """Record (or update) what an old item became; written with the batch's commit."""
        items = self.mapped(kind)
        key = str(old_key)[:255]
        changed = key not in items
        entry = items.setdefault(key, Entry())
        for name, value in values.items():
            if getattr(entry, name) != value:
                setattr(entry, name, value)
                changed = True
        if changed:
            self._pending[(kind, key)] = entry
        return entry

    def _write_pending(self) -> None:
        if not self._pending:
            return
        table = ImportedItem.__table__
        statement = dialect_insert(table)
        statement = statement.on_conflict_do_update(
            index_elements=["kind", "old_key"],
            set_={name: statement.excluded[name] for name in COLUMNS},
        )
        db.session.execute(
            statement,
            [
                {"kind": kind, "old_key": key, **{n: getattr(e, n) for n in COLUMNS}}
                for (kind, key), e in self._pending.items()
            ],
        )
        self._pending.clear()

    def commit(self) -> None:
        """End a batch: commit it with its import_map rows, or in a dry run only send it to
        the database."""
        self._write_pending()
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
