"""The staff area: uploading images: type from content, resizing, WebP, serving."""

from __future__ import annotations

import io
import struct
import zlib
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
    # No image file (the sample documents' files are in the documents/ folder inside).
    assert [path for path in Path(app.instance_path, "uploads").glob("*") if path.is_file()] == []


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


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "blue").save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt,name", [("BMP", "anh.png"), ("TIFF", "anh.jpg"), ("ICO", "anh.gif")])
def test_a_real_image_of_a_format_not_accepted_is_refused_whatever_its_name(app, editor, fmt, name):
    # Taking the type from the name would accept these: the content decides.
    response = upload(editor, image_bytes(fmt), name)
    assert response.status_code == 400
    assert "không phải là ảnh JPEG, PNG, GIF hoặc WebP" in response.get_data(as_text=True)
    assert count(app, Upload) == 0


@pytest.mark.parametrize("fmt,name", [("PNG", "anh"), ("JPEG", "anh.bmp"), ("GIF", "ảnh.txt")])
def test_an_accepted_image_is_stored_whatever_its_name(app, editor, fmt, name):
    assert upload(editor, image_bytes(fmt), name).status_code == 303
    assert count(app, Upload) == 1


def png_header_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` pixels (and holds almost nothing)."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 16)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("side", [7000, 10000, 20000])  # 49, 100 and 400 million pixels
def test_an_image_over_the_pixel_limit_is_too_large_not_a_non_image(app, editor, side):
    response = upload(editor, png_header_claiming(side, side), "lon.png")
    assert response.status_code == 400
    assert "Ảnh quá lớn: tối đa 40 triệu điểm ảnh." in response.get_data(as_text=True)
    assert count(app, Upload) == 0
