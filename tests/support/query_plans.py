"""The database's plan for a statement, so tests can require an index instead of a table scan.

``full_scans(statement, table)`` runs the very statement a page runs (its bind values processed
as usual) with ``EXPLAIN QUERY PLAN`` (SQLite) or ``EXPLAIN (FORMAT JSON)`` (PostgreSQL) put
before it, and returns the steps that read the whole table or the whole of one of its indexes.
On PostgreSQL sequential scans are switched off for it: a planner free to choose rightly scans
a test's few rows, and only a statement that has no other way still scans.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import event
from sqlalchemy.sql import Executable

from danvan.extensions import db

# PostgreSQL nodes that read a relation; without a condition they read all of it.
_SCANS = {"Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan"}
_CONDITIONS = ("Index Cond", "Recheck Cond")


def explain(statement: Executable) -> list[Any]:
    """The raw plan: SQLite's detail lines, or PostgreSQL's JSON plan (one element)."""
    dialect = db.engine.dialect.name
    prefix = "EXPLAIN QUERY PLAN " if dialect == "sqlite" else "EXPLAIN (FORMAT JSON) "

    def prefixed(conn, cursor, sql, parameters, context, executemany):
        return prefix + sql, parameters

    with db.engine.connect() as connection:
        if dialect == "postgresql":
            connection.exec_driver_sql("SET enable_seqscan = off")
        event.listen(connection, "before_cursor_execute", prefixed, retval=True)
        try:
            # The DB-API cursor's rows: the statement's own result types would read plan lines
            # as its columns (a date, a number).
            rows = connection.execute(statement).cursor.fetchall()
        finally:
            event.remove(connection, "before_cursor_execute", prefixed)
        connection.rollback()
    if dialect == "sqlite":
        return [row[-1] for row in rows]  # (id, parent, notused, detail)
    return rows[0][0]


def _nodes(node: dict) -> Iterator[dict]:
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


def full_scans(statement: Executable, table: str) -> list[str]:
    """The steps of ``statement``'s plan that read all of ``table`` (or one of its indexes)."""
    plan = explain(statement)
    if db.engine.dialect.name == "sqlite":
        # "SCAN t" and "SCAN t USING [COVERING] INDEX i" read it all; "SEARCH t ..." does not.
        return [line for line in plan if line.split()[:2] == ["SCAN", table]]
    return [
        f"{node['Node Type']} on {table}"
        for node in _nodes(plan[0]["Plan"])
        if node.get("Relation Name") == table
        and node["Node Type"] in _SCANS
        and not any(key in node for key in _CONDITIONS)
    ]
