"""Database helpers: the shared counter upsert (exact under parallel writers, on SQLite and
PostgreSQL) and a pool large enough for every thread."""

import threading

from sqlalchemy import Column, Integer, MetaData, String, Table, select, text

from danvan.core.database import add_to_counters
from danvan.extensions import db

metadata = MetaData()
counters = Table(
    "test_counters",
    metadata,
    Column("day", String(10), primary_key=True),
    Column("metric", String(20), primary_key=True),
    Column("value", Integer, nullable=False),
    Column("other", Integer, nullable=False),
)


def test_add_to_counters_creates_then_adds(empty_app):
    with empty_app.app_context():
        metadata.create_all(db.engine)
        try:
            add_to_counters(
                counters, {"day": "2026-01-01", "metric": "visits"}, {"value": 2, "other": 1}
            )
            add_to_counters(
                counters, {"day": "2026-01-01", "metric": "visits"}, {"value": 3, "other": 0}
            )
            db.session.commit()
            row = db.session.execute(select(counters.c.value, counters.c.other)).one()
            assert tuple(row) == (5, 1)
        finally:
            db.session.rollback()
            metadata.drop_all(db.engine)


def test_parallel_writers_lose_nothing(empty_app):
    threads_count, per_thread = 4, 50
    with empty_app.app_context():
        metadata.create_all(db.engine)
    errors = []

    def writer():
        try:
            with empty_app.app_context():
                for _ in range(per_thread):
                    add_to_counters(counters, {"day": "d", "metric": "m"}, {"value": 1, "other": 1})
                    db.session.commit()
        except Exception as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=writer) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with empty_app.app_context():
        try:
            assert errors == []
            assert (
                db.session.execute(select(counters.c.value)).scalar_one()
                == threads_count * per_thread
            )
        finally:
            db.session.rollback()
            metadata.drop_all(db.engine)


def test_every_thread_and_the_writer_can_hold_a_connection_at_once(app_factory):
    # 16 waitress threads (tests/ops/test_hard_kill.py's load) plus the statistics writer: if
    # the pool held fewer, requests waiting for the write lock could starve its holder.
    app = app_factory(THREADS=16)
    with app.app_context():
        held = [db.engine.connect() for _ in range(16 + 1)]
        try:
            assert all(connection.execute(text("SELECT 1")).scalar() == 1 for connection in held)
        finally:
            for connection in held:
                connection.close()
