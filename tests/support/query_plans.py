"""Read the plans of the statements a request really runs: ``EXPLAIN`` on SQLite and PostgreSQL.

``statements_of(app, request)`` records every statement that touches a table while a request
is served; ``plan_of`` asks the database how it would run one. A plan that reads a whole table
(SQLite's ``SCAN articles``, PostgreSQL's ``Seq Scan on articles``) grows with the site.

PostgreSQL chooses a sequential scan for a table of a few rows whatever the indexes, so its
plans are read with ``enable_seqscan`` off: the question is whether an index *can* serve the
query, which is what will be chosen at 50,000 rows (``python -m bench.scale`` measures that).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import contextmanager

from sqlalchemy import event

from danvan.extensions import db


@contextmanager
def recorded_statements(table: str):
    """Collect (statement, parameters) of every SELECT naming ``table`` run meanwhile."""
    found: list[tuple[str, object]] = []
    pattern = re.compile(rf"\b{re.escape(table)}\b")

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and pattern.search(statement):
            found.append((statement, parameters))

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", record)


def plan_of(statement: str, parameters: object) -> str:
    """The database's plan for one recorded statement, as text."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
            return "\n".join(str(row[-1]) for row in rows)
        connection.exec_driver_sql("SET enable_seqscan = off")
        rows = connection.exec_driver_sql("EXPLAIN " + statement, parameters)
        plan = "\n".join(str(row[0]) for row in rows)
        connection.rollback()
        return plan


def full_scans(plan: str, table: str) -> list[str]:
    """The lines of ``plan`` that read every row of ``table``."""
    sqlite_scan = re.compile(rf"\bSCAN {re.escape(table)}\b(?! USING (COVERING )?INDEX .*\()")
    pg_scan = re.compile(rf"Seq Scan on {re.escape(table)}\b")
    return [line for line in plan.splitlines() if sqlite_scan.search(line) or pg_scan.search(line)]


def scans_while(
    app, table: str, make_request: Callable[[], object]
) -> tuple[int, dict[str, list[str]]]:
    """How many statements on ``table`` ``make_request`` ran, and those whose plan scans it
    whole (with the offending plan lines)."""
    with app.app_context():
        with recorded_statements(table) as found:
            make_request()
        scans = {
            statement: lines
            for statement, parameters in found
            if (lines := full_scans(plan_of(statement, parameters), table))
        }
        return len(found), scans
