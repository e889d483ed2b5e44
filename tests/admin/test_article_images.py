"""The article editor's lead image: choose an uploaded one, upload one in place, describe it,
change it, take it away; bad choices are the form's error and change nothing."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from danvan.admin.article_images import ALT_REQUIRED, UNKNOWN_IMAGE
from danvan.content.models import Article
from danvan.extensions import db
from danvan.media.models import Upload
from danvan.media.variants import variant_name
from tests.support.media import images, photo_bytes, upload_image
from tests.support.publishing import article_data, count, sample_article_id
from tests.support.staff import staff_csrf

ALT = "Cán bộ dân vận thăm hỏi bà con xã Tân Phú"


def uploaded(app, editor, seed: int, size=(1000, 600)) -> str:
    """Upload an image through the library; its name."""
    assert upload_image(editor, photo_bytes(size, seed=seed), f"anh-{seed}.png").status_code == 303
    with app.app_context():
        return db.session.scalar(select(Upload.name).order_by(Upload.created_at.desc()))


def lead_image(app, article_id: int) -> tuple[str | None, str]:
    with app.app_context():
        article = db.session.get(Article, article_id)
        return article.image_name, article.image_alt


def save(editor, article_id: int, **fields):
    return editor.post(
        f"/quan-tri/bai-viet/{article_id}",
        data=article_data(staff_csrf(editor), **fields),
        content_type="multipart/form-data",
    )


def test_an_editor_sets_changes_and_removes_the_lead_image(app, editor):
    article_id = sample_article_id(app)
    first, second = uploaded(app, editor, 1), uploaded(app, editor, 2)
    assert first != second
    assert lead_image(app, article_id) == (None, "")

    assert save(editor, article_id, image_name=first, image_alt=f"  {ALT} ").status_code == 303
    assert lead_image(app, article_id) == (first, ALT)
    page = editor.get(f"/quan-tri/bai-viet/{article_id}").text
    assert f'name="image_name" value="{first}" checked' in page
    assert f'value="{ALT}"' in page

    assert save(editor, article_id, image_name=second, image_alt="Ảnh khác").status_code == 303
    assert lead_image(app, article_id) == (second, "Ảnh khác")

    # "Không có ảnh đại diện": the image and its description go (the upload stays in the library).
    assert save(editor, article_id, image_name="", image_alt="Ảnh khác").status_code == 303
    assert lead_image(app, article_id) == (None, "")
    assert count(app, Upload) == 2
    page = editor.get(f"/quan-tri/bai-viet/{article_id}").text
    assert 'name="image_name" value="" checked' in page


def test_a_new_article_can_have_a_lead_image(app, editor):
    name = uploaded(app, editor, 1)
    response = editor.post(
        "/quan-tri/bai-viet/moi",
        data=article_data(staff_csrf(editor), image_name=name, image_alt=ALT, action="publish"),
    )
    assert response.status_code == 303
    article_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert lead_image(app, article_id) == (name, ALT)


@pytest.mark.parametrize("alt", ["", "   "])
def test_an_image_without_a_description_is_refused(app, editor, alt):
    article_id = sample_article_id(app)
    name = uploaded(app, editor, 1)
    response = save(editor, article_id, image_name=name, image_alt=alt, title="Tiêu đề mới")
    assert response.status_code == 422
    html = response.text
    assert ALT_REQUIRED in html
    assert 'aria-invalid="true"' in re.search(r'<input[^>]*id="image_alt"[^>]*>', html).group(0)
    # The form comes back as sent: the chosen image still chosen, the other fields kept.
    assert f'name="image_name" value="{name}" checked' in html
    assert 'value="Tiêu đề mới"' in html
    assert lead_image(app, article_id) == (None, "")
    with app.app_context():
        assert db.session.get(Article, article_id).title != "Tiêu đề mới"


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_description_is_not_needed_without_an_image(app, editor, blank):
    article_id = sample_article_id(app)
    assert save(editor, article_id, image_name=blank, image_alt="").status_code == 303
    assert lead_image(app, article_id) == (None, "")


@pytest.mark.parametrize(
    "name",
    [
        "0" * 32 + ".webp",  # the right shape, but no such upload
        "VARIANT",  # a variant's name is not an upload's
        "../secret_key",
        "https://example.com/anh.webp",
        "x" * 5000,
    ],
)
def test_an_unknown_image_is_the_form_s_error_and_changes_nothing(app, editor, name):
    article_id = sample_article_id(app)
    kept = uploaded(app, editor, 1)
    save(editor, article_id, image_name=kept, image_alt=ALT)
    if name == "VARIANT":
        name = variant_name(kept, 320)
    response = save(editor, article_id, image_name=name, image_alt="Mô tả", title="Đổi tiêu đề")
    assert response.status_code == 422
    assert UNKNOWN_IMAGE in response.text
    assert "Bài viết chưa được lưu" in response.text
    assert lead_image(app, article_id) == (kept, ALT)
    with app.app_context():
        assert db.session.get(Article, article_id).title != "Đổi tiêu đề"


def test_an_image_uploaded_in_the_editor_becomes_the_lead_image(app, editor):
    article_id = sample_article_id(app)
    data = article_data(staff_csrf(editor), image_alt=ALT)
    data["image_file"] = (io.BytesIO(photo_bytes((1200, 800), seed=7)), "hoi-nghi.jpg")
    response = editor.post(
        f"/quan-tri/bai-viet/{article_id}", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 303
    name, alt = lead_image(app, article_id)
    assert alt == ALT
    with app.app_context():
        upload = db.session.get(Upload, name)
        assert (upload.original_name, upload.width) == ("hoi-nghi.jpg", 1200)
    stem = name.removesuffix(".webp")
    assert sorted(path.name for path in Path(app.instance_path, "uploads").glob(f"{stem}*")) == [
        f"{stem}-320.webp",
        f"{stem}-640.webp",
        f"{stem}-960.webp",
        name,
    ]


def test_an_uploaded_file_needs_a_description_too_and_is_not_stored_without(app, editor):
    article_id = sample_article_id(app)
    data = article_data(staff_csrf(editor), image_alt="")
    data["image_file"] = (io.BytesIO(photo_bytes(seed=7)), "hoi-nghi.jpg")
    response = editor.post(
        f"/quan-tri/bai-viet/{article_id}", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 422 and ALT_REQUIRED in response.text
    assert count(app, Upload) == 0
    assert lead_image(app, article_id) == (None, "")


def test_a_file_that_is_not_an_image_is_refused_in_the_editor(app, editor):
    article_id = sample_article_id(app)
    data = article_data(staff_csrf(editor), image_alt=ALT, title="Đổi tiêu đề")
    data["image_file"] = (io.BytesIO(b"<?php echo 1; ?>"), "anh.png")
    response = editor.post(
        f"/quan-tri/bai-viet/{article_id}", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "không phải là ảnh" in response.text
    assert 'value="Đổi tiêu đề"' in response.text  # the rest of the form is kept
    assert count(app, Upload) == 0
    assert lead_image(app, article_id) == (None, "")


def test_preview_with_a_new_file_keeps_it_chosen(app, editor):
    article_id = sample_article_id(app)
    data = article_data(staff_csrf(editor), image_alt=ALT, action="preview")
    data["image_file"] = (io.BytesIO(photo_bytes(seed=9)), "xem-truoc.png")
    response = editor.post(
        f"/quan-tri/bai-viet/{article_id}", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 200
    with app.app_context():
        name = db.session.scalar(select(Upload.name))
    # Stored in the library and chosen in the form sent back; the article is unchanged.
    assert f'name="image_name" value="{name}" checked' in response.text
    assert lead_image(app, article_id) == (None, "")


def test_the_editor_offers_the_library_and_the_insert_image_picker(app, editor):
    names = [uploaded(app, editor, seed) for seed in (1, 2, 3)]
    html = editor.get("/quan-tri/bai-viet/moi").text
    assert 'enctype="multipart/form-data"' in html
    assert 'name="image_name" value="" checked' in html
    for name in names:
        assert f'name="image_name" value="{name}"' in html
        assert f'data-insert-image="/uploads/{name}"' in html
    # Thumbnails in the staff lists are the smallest copy, not the 1000-pixel image.
    thumbs = [image["attrs"]["src"] for image in images(html)]
    assert f"/uploads/{variant_name(names[0], 320)}" in thumbs
    assert f"/uploads/{names[0]}" not in thumbs
    assert 'data-open-picker="chen-anh"' in html
    assert '<dialog class="image-picker" id="chen-anh"' in html
    assert re.search(r'<script src="/static/js/editor\.js\?v=[0-9a-f]+" defer>', html)
    # The live preview posts url-encoded, so a chosen file does not travel with each keystroke.
    assert 'data-hx-encoding="application/x-www-form-urlencoded"' in html
