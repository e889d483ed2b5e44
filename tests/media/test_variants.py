"""Smaller copies of uploaded images: made at upload and by ``flask media variants``, narrower
only, served like the image, and offered by pages only once they are on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from danvan.extensions import db
from danvan.media.models import Upload
from danvan.media.variants import available_widths, variant_name
from tests.support.media import photo_bytes, upload_image


def stored(app) -> list[Upload]:
    with app.app_context():
        rows = list(db.session.scalars(select(Upload).order_by(Upload.name)))
        db.session.expunge_all()
        return rows


def folder(app) -> Path:
    return Path(app.instance_path, "uploads")


def on_disk(app) -> list[str]:
    return sorted(path.name for path in folder(app).glob("*.webp"))


def sizes_of(app, name: str) -> dict[int, tuple[int, int]]:
    """The stored variants of ``name``: width -> (width, height) as read back from the file."""
    stem = name.removesuffix(".webp")
    found = {}
    for path in folder(app).glob(f"{stem}-*.webp"):
        with Image.open(path) as image:
            assert image.format == "WEBP"
            found[int(path.stem.rsplit("-", 1)[1])] = image.size
    return found


def test_an_upload_stores_its_variants_at_320_640_and_960(app, editor):
    assert upload_image(editor, photo_bytes((1200, 800))).status_code == 303
    (row,) = stored(app)
    assert (row.width, row.height) == (1200, 800)
    assert sizes_of(app, row.name) == {320: (320, 213), 640: (640, 427), 960: (960, 640)}
    assert len(on_disk(app)) == 4  # the image and three copies, no temporary file left


@pytest.mark.parametrize(
    "width,expected",
    [
        (700, {320: (320, 160), 640: (640, 320)}),
        (321, {320: (320, 160)}),
        (320, {}),  # as wide as the smallest step: a copy would be the same image
        (100, {}),
    ],
)
def test_variants_are_never_wider_than_the_image(app, editor, width, expected):
    assert upload_image(editor, photo_bytes((width, width // 2))).status_code == 303
    (row,) = stored(app)
    assert sizes_of(app, row.name) == expected


def test_the_image_is_shrunk_first_and_its_copies_made_from_it(app, editor):
    app.config["UPLOAD_MAX_WIDTH"] = 800
    upload_image(editor, photo_bytes((3000, 1000)))
    (row,) = stored(app)
    assert (row.width, row.height) == (800, 267)
    assert sizes_of(app, row.name) == {320: (320, 107), 640: (640, 214)}


def test_a_variant_is_served_like_the_image(app, editor):
    upload_image(editor, photo_bytes((1000, 500)))
    (row,) = stored(app)
    client = app.test_client()
    response = client.get(f"/uploads/{variant_name(row.name, 640)}")
    assert response.status_code == 200 and response.mimetype == "image/webp"
    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()


@pytest.mark.parametrize("suffix", ["-500", "-1600", "-0640", "-640-320", "_640", "-"])
def test_only_the_planned_widths_are_served(app, editor, suffix):
    upload_image(editor, photo_bytes((1000, 500)))
    (row,) = stored(app)
    stem = row.name.removesuffix(".webp")
    # Even a file that happens to be in the folder under such a name is not served.
    (folder(app) / f"{stem}{suffix}.webp").write_bytes(b"x")
    assert app.test_client().get(f"/uploads/{stem}{suffix}.webp").status_code == 404


def test_a_missing_variant_is_404_not_500(client):
    assert client.get(f"/uploads/{'a' * 32}-320.webp").status_code == 404


def remove_variants(app) -> None:
    for path in folder(app).glob("*-*.webp"):
        path.unlink()


def test_the_command_makes_the_missing_variants_and_nothing_else(app, editor):
    upload_image(editor, photo_bytes((1200, 600), seed=1))
    upload_image(editor, photo_bytes((500, 250), seed=2))
    upload_image(editor, photo_bytes((200, 100), seed=3))  # too narrow to have any
    widest = max(stored(app), key=lambda row: row.width)
    kept = variant_name(widest.name, 320)
    complete = set(on_disk(app))
    for path in folder(app).glob("*-*.webp"):
        if path.name != kept:
            path.unlink()
    before = (folder(app) / kept).stat().st_mtime_ns
    runner = app.test_cli_runner()
    result = runner.invoke(args=["media", "variants"])
    assert result.exit_code == 0, result.output
    assert set(on_disk(app)) == complete
    assert (folder(app) / kept).stat().st_mtime_ns == before  # an existing copy is left alone
    written = len([name for name in complete if "-" in name]) - 1
    assert "Đã tạo " + str(written) + " bản thu nhỏ cho 2 ảnh (trong 3 ảnh đã tải lên)." in (
        result.output
    )
    for row in stored(app):
        assert set(sizes_of(app, row.name)) == {w for w in (320, 640, 960) if w < row.width}
    again = runner.invoke(args=["media", "variants"])
    assert "Đã tạo 0 bản thu nhỏ cho 0 ảnh" in again.output


def test_the_command_reports_an_image_whose_file_is_gone(app, editor):
    upload_image(editor, photo_bytes((1000, 500)))
    (row,) = stored(app)
    remove_variants(app)
    (folder(app) / row.name).unlink()
    result = app.test_cli_runner().invoke(args=["media", "variants"])
    assert result.exit_code == 0
    assert f"Thiếu tệp ảnh gốc: {row.name}" in result.output
    assert on_disk(app) == []


def test_pages_see_new_variants_once_this_process_stores_them(app, editor):
    upload_image(editor, photo_bytes((1000, 500)))
    (row,) = stored(app)
    with app.test_request_context():
        assert available_widths(row) == (320, 640, 960)
    remove_variants(app)
    with app.test_request_context():
        # Cached: the answer holds for 30 s, however the folder changes behind it.
        assert available_widths(row) == (320, 640, 960)
        from danvan.core.caches import app_caches

        app_caches().clear()
        assert available_widths(row) == ()
    # Writing variants forgets the image's entry in the app that wrote them (here the same
    # app; a command run as its own process is seen by the site within the 30 s).
    app.test_cli_runner().invoke(args=["media", "variants"])
    with app.test_request_context():
        assert available_widths(row) == (320, 640, 960)
