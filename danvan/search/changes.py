"""What a flush changed that an index reads, and listening to every flush of the session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from ..extensions import db


def changed_ids(
    session: Session, model: type[Any], fields: tuple[str, ...], indexed: Callable[[Any], bool]
) -> set[int]:
    """The ids of the ``model`` rows a flush added (those ``indexed`` says have a row to
    write: a new draft has none), deleted, or changed in one of ``fields``."""
    ids = {item.id for item in session.new if isinstance(item, model) and indexed(item)}
    for item in session.dirty:
        if isinstance(item, model):
            state = inspect(item)
            if any(state.attrs[name].history.has_changes() for name in fields):
                ids.add(item.id)
    ids.update(item.id for item in session.deleted if isinstance(item, model))
    return ids


def after_every_flush(listener: Callable[[Session, object], None]) -> None:
    """Call ``listener`` after every flush of the site's session (registered once)."""
    if not event.contains(db.session, "after_flush", listener):
        event.listen(db.session, "after_flush", listener)
