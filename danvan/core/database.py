"""Database set-up that is not a model: the UTC column type, SQLite tuning and its one writer at
a time, migrations at start, readiness checks, and the one atomic counter upsert every feature
uses."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import lru_cache, wraps
from typing import Any, ParamSpec, TypeVar, cast

from sqlalchemy import DateTime, bindparam, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult, Engine, Result
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import TypeDecorator

from ..extensions import db

try:
    import fcntl
except ImportError:  # Windows: no fork() either, so one process, and the thread lock suffices
    fcntl = None  # type: ignore[assignment]


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as naive UTC and gives them back aware.

    SQLite keeps no time zone, so without this a value written in one zone would be read back in
    another (NukeViet's "today can be the wrong day"). Naive input is refused rather than guessed.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection, connection_record) -> None:
    """Make SQLite fit a threaded web server: WAL, a busy timeout and foreign keys."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    # The database holds staff accounts and sessions: readable by the site's own user only,
    # like instance/secret_key. Set before WAL is on: SQLite gives -wal and -shm the
    # database file's permissions.
    for _, name, path in cursor.execute("PRAGMA database_list").fetchall():
        if name == "main" and path:
            with contextlib.suppress(OSError):  # a file owned by someone else stays as it is
                os.chmod(path, 0o600)
    # WAL lets readers go on while one writer writes; busy_timeout makes a writer wait for the
    # lock instead of failing with "database is locked".
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


# --- one writer at a time on SQLite ----------------------------------------------------------
#
# SQLite lets one transaction write at a time. The others wait in its busy handler, which sleeps
# 1, 2, 5 ... then 100 ms between tries, so the longest waiter tries least often and whoever
# tries at the right moment goes first: at 50 connections a vote waited up to 1.4 s for a lock
# held under 1 ms per vote (issue #16). So the frequent write transactions (votes, statistics,
# sign-in attempts) take the write turn below first: a thread lock in the process, then flock(2)
# on a lock file next to the database between the processes of ``python app.py``; both wake the
# next waiter the moment they are released. pysqlite sends its (deferred) BEGIN just before a
# transaction's first INSERT, UPDATE or DELETE, and reads before it run outside any transaction:
# inside the turn, that first write finds SQLite's lock free (BEGIN IMMEDIATE would add nothing)
# and no read-then-write upgrade can fail on a stale snapshot. A writer that does not take the
# turn (another program, a rare staff write) still waits in the busy handler (busy_timeout
# above), as before. PostgreSQL locks rows and needs no turn.

_turns: dict[tuple[int, str], _WriteTurn] = {}
_turns_guard = threading.Lock()


class _WriteTurn:
    """One SQLite file's write turn in one process: a thread lock, then flock on ``path``.

    Re-entrant in one thread (a nested turn is the outer one), so a helper that writes may be
    called by code that already holds the turn. The lock file is opened for each turn, so no
    descriptor stays open per database file, and a deleted lock file is simply made anew.
    """

    def __init__(self, path: str | None) -> None:
        self._lock = threading.RLock()
        self._depth = 0  # touched only by the thread holding _lock
        self._path = path if fcntl is not None else None

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        with self._lock:
            self._depth += 1
            fd = None
            if self._depth == 1 and self._path is not None:
                # Unopenable (a read-only folder): processes meet in the busy handler instead.
                with contextlib.suppress(OSError):
                    fd = os.open(self._path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                if fd is not None:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                if fd is not None:
                    os.close(fd)  # releases the flock
                self._depth -= 1


def write_turn(engine: Engine | None = None) -> contextlib.AbstractContextManager[None]:
    """Hold the SQLite write turn of ``engine`` (the app's by default) around one whole write
    transaction, from before its first statement until after its commit or rollback; nothing
    on PostgreSQL. See the comment above for why."""
    engine = engine or db.engine
    if engine.dialect.name != "sqlite":
        return contextlib.nullcontext()
    database = engine.url.database or ""
    on_disk = database not in ("", ":memory:") and not database.startswith("file:")
    path = os.path.abspath(database) if on_disk else ""
    # Per process: a thread lock taken at fork() time would stay taken in the child.
    key = (os.getpid(), path or f"memory:{id(engine)}")
    turn = _turns.get(key)
    if turn is None:
        with _turns_guard:
            turn = _turns.get(key) or _turns.setdefault(
                key, _WriteTurn(path + "-turn" if path else None)
            )
    return turn.held()


P = ParamSpec("P")
R = TypeVar("R")


def in_write_turn(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` (one whole write transaction in the app's session) in the write turn."""

    @wraps(function)
    def in_turn(*args: P.args, **kwargs: P.kwargs) -> R:
        with write_turn():
            return function(*args, **kwargs)

    return in_turn


def database_answers() -> bool:
    """True when a trivial query succeeds (for /healthz)."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:  # any driver error means "not answering"
        return False


def upgrade_schema(quiet: bool = False) -> None:
    """Apply pending Alembic migrations (inside an app context).

    ``quiet``: without Alembic's INFO lines ("Context impl SQLiteImpl."…), for the commands
    staff type, whose output should be the command's own Vietnamese answer.
    """
    import logging

    from flask_migrate import upgrade

    alembic_log = logging.getLogger("alembic")
    level = alembic_log.level
    alembic_log.setLevel(logging.WARNING if quiet else logging.INFO)
    try:
        upgrade()
    finally:
        alembic_log.setLevel(level)


def rows_affected(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE changed (SQLAlchemy types its result generically)."""
    return cast(CursorResult[Any], result).rowcount or 0


def dialect_insert(table):
    """An INSERT for ``table`` that supports ON CONFLICT on the current backend."""
    return _insert_construct(db.engine.dialect.name)(table)


def _insert_construct(name: str) -> Callable[..., Any]:
    if name == "postgresql":
        return postgresql.insert
    if name == "sqlite":
        return sqlite.insert
    raise RuntimeError(f"unsupported database backend: {name}")  # the contract names these two


@lru_cache(maxsize=256)
def _counter_upsert(
    dialect_name: str, table, key_columns: tuple[str, ...], amount_columns: tuple[str, ...]
):
    # Built once per shape: constructing the statement costs ~6x more than running it.
    columns = key_columns + amount_columns
    statement = _insert_construct(dialect_name)(table).values(
        {column: bindparam(column) for column in columns}
    )
    return statement.on_conflict_do_update(
        index_elements=list(key_columns),
        set_={column: table.c[column] + statement.excluded[column] for column in amount_columns},
    )


def add_to_counters(table, key: dict, amounts: dict[str, int], connection=None) -> None:
    """Add ``amounts`` to the counter columns of the row identified by ``key``, creating it.

    One atomic ``INSERT ... ON CONFLICT (key) DO UPDATE SET col = col + excluded.col``: the
    counter is never read and written back, so parallel writers lose nothing. ``key`` must name
    the columns of a primary key or unique constraint. Runs in ``connection`` when given (so it
    joins the caller's transaction), else in the current session.
    """
    table = getattr(table, "__table__", table)
    statement = _counter_upsert(db.engine.dialect.name, table, tuple(key), tuple(amounts))
    (connection or db.session).execute(statement, {**key, **amounts})


class without_index(ColumnElement[Any]):  # noqa: N801 - used like a SQL function
    """A column that SQLite must not look up in an index (``+column``); the column elsewhere.

    SQLite's planner, given bound parameters, sometimes prefers an index that avoids a sort
    but then reads every row to test the other conditions. Wrapping one term keeps that index
    out of the choice; PostgreSQL plans from its statistics and gets the plain column.
    """

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: Any) -> None:
        self.column = column.expression if hasattr(column, "expression") else column
        self.type = self.column.type


@compiles(without_index)
def _plain_column(element, compiler, **kw):
    return compiler.process(element.column, **kw)


@compiles(without_index, "sqlite")
def _unindexed_column(element, compiler, **kw):
    return "+" + compiler.process(element.column, **kw)
