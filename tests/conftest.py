"""Fixtures in the style of Flask's tutorial: a fresh app and database for every test.

The database is a SQLite file in the test's temporary folder, or, when
``DANVAN_TEST_DATABASE_URL`` is set, that database (emptied before and after each test).

Tiers: a test that starts ``python app.py`` (it uses the ``live_server`` fixture) is marked
``live``, one in ``tests/e2e/`` is marked ``e2e``; ``python -m pytest -m "not live and not e2e"``
runs the fast tier.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from danvan import create_app
from danvan.content.sample import load_sample_content
from danvan.extensions import db

TEST_DATABASE_URL = os.environ.get("DANVAN_TEST_DATABASE_URL")
CHEAP_PASSWORD_HASH = "scrypt:1024:8:1"


def pytest_collection_modifyitems(config, items):
    """Mark every test that starts a server process ``live``."""
    for item in items:
        if "live_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.live)


def reset_test_database() -> None:
    """Empty the PostgreSQL test database completely (tables, alembic_version, sequences)."""
    if not (TEST_DATABASE_URL or "").startswith("postgresql"):
        return
    from sqlalchemy import create_engine

    engine = create_engine(TEST_DATABASE_URL)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
    finally:
        engine.dispose()


def make_config(instance: Path, **overrides) -> dict:
    """Settings for a test app: its own instance folder, database and secret."""
    config = {
        "TESTING": True,
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": "test-secret-key-that-is-long-enough",
        "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL or f"sqlite:///{instance / 'test.sqlite3'}",
        "RATELIMIT_ENABLED": False,
        # Page views committed before each response, so tests read exact counts at once;
        # tests/stats/test_stats_writer.py covers the buffered default.
        "PAGEVIEW_FLUSH": 0,
        # scrypt at N=2**10 instead of 2**15: a sign-in per test, not a second of CPU per test.
        # Servers the live tests start use the real cost (tests/staff/test_passwords.py).
        "PASSWORD_HASH_METHOD": CHEAP_PASSWORD_HASH,
    }
    config.update(overrides)
    return config


@pytest.fixture
def app_factory(tmp_path, monkeypatch):
    """Build apps with a fresh schema; ``app_factory(**overrides)`` returns the app."""
    # Operators' environment must not leak into tests.
    for name in list(os.environ):
        if name.startswith("DANVAN_") and name != "DANVAN_TEST_DATABASE_URL":
            monkeypatch.delenv(name)
    created = []

    def factory(**overrides):
        app = create_app(make_config(tmp_path / "instance", **overrides))
        with app.app_context():
            db.drop_all()
            db.create_all()
        created.append(app)
        return app

    yield factory
    for app in created:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    reset_test_database()


@pytest.fixture
def site(app_factory):
    """The sample site at its own address (``DANVAN_SITE_URL``: tests/support/site_host.py)."""
    from tests.support.site_host import SITE

    app = app_factory(SITE_URL=SITE)
    with app.app_context():
        load_sample_content()
    return app


@pytest.fixture
def app(app_factory):
    """An app with the sample content loaded."""
    app = app_factory()
    with app.app_context():
        load_sample_content()
    return app


@pytest.fixture
def sample_without_figures(monkeypatch):
    """The sample article without its figures as if imported (513 views, one earlier 4-star
    vote, 1,271,915 earlier visits), for tests that count this site's own views, votes and
    visits from zero."""
    from danvan.content import sample

    monkeypatch.setattr(sample, "ARTICLE_VIEWS", 0)
    monkeypatch.setattr(sample, "EARLIER_VOTES", (0, 0))
    monkeypatch.setattr(sample, "LEGACY_VISITS", 0)


@pytest.fixture
def empty_app(app_factory):
    """An app with an empty database."""
    return app_factory()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def live_server(tmp_path):
    """Start ``python app.py`` processes; ``live_server(**env)`` returns a started LiveServer."""
    from tests.support.live_server import LiveServer

    servers = []
    reset_test_database()

    def start(instance=None, **env):
        server = LiveServer(instance or tmp_path / "live-instance", env=env).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
    reset_test_database()


@pytest.fixture
def editor(app):
    """A signed-in editor's client."""
    from tests.support.staff import signed_in_client

    return signed_in_client(app, "lan", role="editor")


@pytest.fixture
def admin(app):
    """A signed-in admin's client."""
    from tests.support.staff import signed_in_client

    return signed_in_client(app, "quantri", role="admin")
