"""The old NukeViet sites the importer's tests read: the real fixture (loaded once per session,
never written) and sites built per test from NukeViet's own table definitions."""

from __future__ import annotations

import pytest

from danvan.extensions import db
from danvan.importer.stages import import_site
from tests.support.nukeviet import Builder, OldSite, load_fixture, unpack_uploads


@pytest.fixture(scope="session")
def fixture_site():
    """The real NukeViet 4.5.05 database, loaded into a database of its own."""
    from tests.support.nukeviet import fixture_folder, server_engine

    fixture_folder()
    server_engine().dispose()
    site = OldSite()
    try:
        load_fixture(site)
        yield site
    finally:
        site.drop()


@pytest.fixture(scope="session")
def fixture_uploads(tmp_path_factory, fixture_site):
    """The fixture's uploads/ folder, unpacked once."""
    return unpack_uploads(tmp_path_factory.mktemp("nukeviet"))


@pytest.fixture
def imported(app, fixture_site, fixture_uploads):
    """The sample site after importing the fixture; returns (app, report)."""
    with app.app_context():
        report = import_site(fixture_site.url, fixture_uploads, show_progress=False)
        db.session.remove()
    return app, report


@pytest.fixture(scope="module")
def imported_once(tmp_path_factory, fixture_site, fixture_uploads):
    """One app with the fixture imported, shared by a module's read-only tests."""
    from danvan import create_app
    from danvan.content.sample import load_sample_content
    from tests.conftest import make_config, reset_test_database

    app = create_app(make_config(tmp_path_factory.mktemp("imported") / "instance"))
    with app.app_context():
        db.drop_all()
        db.create_all()
        load_sample_content()
        import_site(fixture_site.url, fixture_uploads, show_progress=False)
        db.session.remove()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    reset_test_database()


@pytest.fixture
def built_site():
    """An empty database on the test server, dropped afterwards."""
    site = OldSite()
    yield site
    site.drop()


@pytest.fixture
def builder(built_site):
    """A NukeViet 4.5 site built from its table definitions: two categories, one tag."""
    build = Builder(built_site)
    build.category(1, "thoi-su", "Thời sự")
    build.category(2, "dia-phuong", "Địa phương", parentid=1)
    build.tag(1, "dân-vận", "Dân vận")
    return build


def run_import(app, site, uploads=None, **options):
    """Import ``site`` into ``app`` quietly; the report."""
    with app.app_context():
        try:
            return import_site(site.url, uploads, show_progress=False, **options)
        finally:
            db.session.remove()
