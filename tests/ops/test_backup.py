import sqlite3
from pathlib import Path

import pytest

from tests.conftest import TEST_DATABASE_URL

pytestmark = pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="SQLite backups only")


def test_backup_then_restore_round_trip(app, runner):
    uploads = Path(app.instance_path, "uploads")
    uploads.mkdir(exist_ok=True)  # the sample documents' PDF may be there already
    (uploads / "a.webp").write_bytes(b"img")
    result = runner.invoke(args=["backup"])
    assert result.exit_code == 0, result.output
    folder = result.output.strip().removeprefix("Đã sao lưu vào ")
    database = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as live:
        live.execute("DELETE FROM links")
    live.close()
    refused = runner.invoke(args=["restore", folder], input="n\n")
    assert refused.exit_code != 0
    with sqlite3.connect(database) as live:
        assert live.execute("SELECT COUNT(*) FROM links").fetchone()[0] == 0
    live.close()
    restored = runner.invoke(args=["restore", folder], input="y\n")
    assert restored.exit_code == 0, restored.output
    with sqlite3.connect(database) as live:
        assert live.execute("SELECT COUNT(*) FROM links").fetchone()[0] == 5
    live.close()
    assert (Path(folder) / "uploads" / "a.webp").read_bytes() == b"img"
    # The documents' files (instance/uploads/documents/) travel with the images.
    assert [path.suffix for path in (Path(folder) / "uploads" / "documents").iterdir()] == [".pdf"]


def test_restore_refuses_a_folder_without_a_database(runner, tmp_path):
    result = runner.invoke(args=["restore", str(tmp_path), "--yes"])
    assert result.exit_code != 0
    assert "không chứa danvan.sqlite3" in result.output


def test_the_database_and_its_backups_are_readable_by_the_owner_only(app, runner):
    database = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    app.test_client().get("/")  # the site has opened (and so written) its database
    for path in (database, database.with_name(database.name + "-wal")):
        assert path.stat().st_mode & 0o777 == 0o600, path
    result = runner.invoke(args=["backup"])
    folder = Path(result.output.strip().removeprefix("Đã sao lưu vào "))
    assert folder.stat().st_mode & 0o777 == 0o700
    assert (folder / "danvan.sqlite3").stat().st_mode & 0o777 == 0o600
