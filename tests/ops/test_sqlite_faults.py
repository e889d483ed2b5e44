"""SQLite faults show the Vietnamese 503 page (and /healthz 503) like a PostgreSQL outage does,
and the site recovers by itself once the database file is back."""

from __future__ import annotations

import pytest

from danvan.content.sample import load_sample_content
from danvan.core.caches import app_caches
from danvan.extensions import db
from tests.support.live_server import BROWSER_UA

UNAVAILABLE = "Hệ thống đang tạm thời gián đoạn"


@pytest.fixture
def sqlite_site(app_factory, tmp_path):
    """A site on a SQLite file in its own folder (even when the suite runs on PostgreSQL)."""
    folder = tmp_path / "data"
    folder.mkdir()
    app = app_factory(SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'site.sqlite3'}")
    with app.app_context():
        load_sample_content()
    return app, folder


def drop_open_connections(app) -> None:
    # Open connections keep an unlinked or moved file readable; a restart or a new pooled
    # connection is what meets the fault. Pages rendered in the last seconds are served from
    # memory through an outage (README, Caching): forget them so the page meets the fault too.
    with app.app_context():
        db.engine.dispose()
        app_caches(app).clear()


def expect_unavailable(client) -> None:
    response = client.get("/", headers={"User-Agent": BROWSER_UA})
    assert response.status_code == 503
    assert UNAVAILABLE in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "30"
    fragment = client.get("/", headers={"User-Agent": BROWSER_UA, "HX-Request": "true"})
    assert fragment.status_code == 503 and "<html" not in fragment.get_data(as_text=True)
    assert client.get("/healthz").status_code == 503


def test_a_missing_database_file_gives_503_then_recovers(sqlite_site, tmp_path):
    app, folder = sqlite_site
    client = app.test_client()
    assert client.get("/", headers={"User-Agent": BROWSER_UA}).status_code == 200
    moved = folder.rename(tmp_path / "unmounted")
    drop_open_connections(app)
    expect_unavailable(client)
    moved.rename(folder)
    assert client.get("/healthz").status_code == 200
    assert client.get("/", headers={"User-Agent": BROWSER_UA}).status_code == 200


def test_a_damaged_database_file_gives_503_then_recovers_from_the_backup(sqlite_site):
    app, folder = sqlite_site
    client = app.test_client()
    path = folder / "site.sqlite3"
    drop_open_connections(app)
    good = path.read_bytes()
    path.write_bytes(b"not a database, just damaged bytes " * 200)
    expect_unavailable(client)
    drop_open_connections(app)
    path.write_bytes(good)
    assert client.get("/healthz").status_code == 200
    assert client.get("/", headers={"User-Agent": BROWSER_UA}).status_code == 200
