"""The staff area: uploading images: type from content, resizing, WebP, serving."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from danvan.extensions import db
from danvan.media.models import Upload
from tests.support.publishing import (
    audit_actions,
    count,
    png_bytes,
)
from tests.support.staff import staff_csrf


def upload(client, data: bytes, name: str, htmx: bool = False, token: str | None = None):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        "/quan-tri/anh/",
        headers=headers,
        content_type="multipart/form-data",
        data={"csrf_token": token or staff_csrf(client), "image": (io.BytesIO(data), name)},
    )


def test_an_image_is_resized_converted_and_served(app, editor):
    app.config["UPLOAD_MAX_WIDTH"] = 100
    response = upload(editor, png_bytes((400, 200)), "anh.jpg")  # the name lies; content wins
    assert response.status_code == 303
    with app.app_context():
        row = db.session.scalar(select(Upload))
        assert (row.width, row.height) == (100, 50)
        stored = app.instance_path + "/uploads/" + row.name
    with Image.open(stored) as image:
        assert image.format == "WEBP"
    served = app.test_client().get(f"/uploads/{row.name}")
    assert served.status_code == 200 and served.mimetype == "image/webp"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in served.headers["Cache-Control"]
    assert "max-age=31536000" in served.headers["Cache-Control"]
    served.close()
    assert audit_actions(app) == ["upload.create"]


def test_the_same_image_twice_is_stored_once(app, editor):
    upload(editor, png_bytes(), "a.png")
    upload(editor, png_bytes(), "b.png")
    assert count(app, Upload) == 1


@pytest.mark.parametrize(
    "data,name",
    [
        (b"<?php system($_GET['c']); ?>", "anh.png"),
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "anh.svg"),
        (b"GIF89a" + b"\x00" * 20, "anh.gif"),  # a header and nothing after it
        (png_bytes()[:60], "anh.png"),  # truncated
        (b"%PDF-1.4 not an image", "anh.jpg"),
    ],
)
def test_a_non_image_with_an_image_name_is_refused(app, editor, data, name):
    response = upload(editor, data, name)
    assert response.status_code == 400
    assert "không phải là ảnh" in response.get_data(as_text=True)
    assert count(app, Upload) == 0
    assert list(Path(app.instance_path, "uploads").glob("*")) == []


def test_htmx_upload_gets_the_fragment(editor):
    response = upload(editor, png_bytes(), "a.png", htmx=True)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<html" not in body and "![Mô tả ảnh](/uploads/" in body
    refused = upload(editor, b"not an image", "x.png", htmx=True)
    assert refused.status_code == 400 and 'role="alert"' in refused.get_data(as_text=True)


def test_too_large_an_upload_is_refused_in_vietnamese(app, editor):
    app.config["UPLOAD_MAX_BYTES"] = 2048
    response = upload(editor, png_bytes((300, 300), fmt="BMP"), "big.png")
    assert response.status_code == 413
    assert "Tệp ảnh quá lớn" in response.get_data(as_text=True)
    assert count(app, Upload) == 0


def test_an_upload_without_a_file_is_refused(editor):
    response = editor.post(
        "/quan-tri/anh/",
        data={"csrf_token": staff_csrf(editor)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Vui lòng chọn một tệp ảnh." in response.get_data(as_text=True)


@pytest.mark.parametrize("name", ["../secret_key", "abc.webp", "x" * 32 + ".webp"])
def test_only_hashed_upload_names_are_served(client, name):
    assert client.get(f"/uploads/{name}").status_code == 404
