"""Database set-up that is not a model: SQLite tuning, migrations at start, readiness checks."""

from __future__ import annotations

import sqlite3

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from .extensions import db


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection, connection_record) -> None:
    """Make SQLite fit a threaded web server: WAL, a busy timeout and foreign keys."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    # WAL lets readers go on while one writer writes; busy_timeout makes a writer wait for the
    # lock instead of failing with "database is locked".
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def database_answers() -> bool:
    """True when a trivial query succeeds (for /healthz)."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:  # any driver error means "not answering"
        return False


def upgrade_schema() -> None:
    """Apply pending Alembic migrations (inside an app context)."""
    from flask_migrate import upgrade

    upgrade()
