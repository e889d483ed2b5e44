"""An article's lead image in the editor: pick an uploaded image, upload one in place, say what
it shows (required with an image), or take it away.

The choice is the ``image_name`` radio group (``""``: no image); a file sent in ``image_file``
wins over it and becomes the lead image once the rest of the form is valid (the browser keeps
no file across a re-rendered form, so nothing is stored for a form that is sent back). A name
that is not an upload's is the form's error: nothing changes.
"""

from __future__ import annotations

import re
from typing import Any

from flask import current_app
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import StringField
from wtforms.validators import Optional, StopValidation, ValidationError

from ..content.models import Article
from ..core.forms import text_rules
from ..extensions import db
from ..media.images import ImageRefused, recent_uploads, store_image
from ..media.models import Upload

UNKNOWN_IMAGE = "Không tìm thấy ảnh đã chọn trong thư viện ảnh: vui lòng chọn lại."
ALT_REQUIRED = "Vui lòng nhập mô tả ảnh (cho người đọc không xem được ảnh)."
ALT_TOO_LONG = "Mô tả ảnh dài tối đa 300 ký tự."
# The uploads the editor offers (as lead image and in "Chèn ảnh"); older ones stay usable by name.
CHOICES = 30
_UPLOAD_NAME = re.compile(r"[0-9a-f]{32}\.webp")


def posted_file(field: FileField) -> FileStorage | None:
    """The file sent in ``field``, or None when none was chosen."""
    data = field.data
    return data if isinstance(data, FileStorage) and data.filename else None


def known_image(form, field) -> None:
    """The chosen name must be an upload's (a variant's name or a made-up one is not)."""
    name = field.data
    if not _UPLOAD_NAME.fullmatch(name) or db.session.get(Upload, name) is None:
        raise ValidationError(UNKNOWN_IMAGE)


def alt_with_an_image(form, field) -> None:
    """With an image chosen or sent, its description is required."""
    if (form.image_name.data or posted_file(form.image_file)) and not (field.data or "").strip():
        raise StopValidation(ALT_REQUIRED)


def image_choice_fields(choice_label: str, file_label: str) -> tuple[StringField, FileField]:
    """A chosen upload's name (``image_name``, blank for none) and a file sent in its place
    (``image_file``): what ``store_posted_image`` and ``lead_image_context`` work on."""
    return (
        StringField(
            choice_label,
            validators=[Optional(), known_image],
            # Blanks are "no image": Optional() lets them through, and the column takes no "  ".
            filters=[lambda value: (value or "").strip()],
        ),
        FileField(file_label),
    )


class LeadImageFields:
    """The editor's lead-image fields (mixed into ``ArticleForm``)."""

    image_name, image_file = image_choice_fields(
        "Ảnh đại diện", "Hoặc tải ảnh mới lên làm ảnh đại diện (JPEG, PNG, GIF hoặc WebP)"
    )
    image_alt = StringField(
        "Mô tả ảnh (bắt buộc khi có ảnh đại diện)",
        validators=[alt_with_an_image, *text_rules(300, ALT_TOO_LONG)],
    )


def fill_lead_image(form: Any, article: Article) -> None:
    """Put the article's lead image into an empty form."""
    form.image_name.data = article.image_name or ""
    form.image_alt.data = article.image_alt


def store_posted_image(form: Any) -> ImageRefused | None:
    """Store the file sent with a valid form (committed: it joins the image library) and make
    it the chosen image; the refusal when it is not an image the site takes."""
    file = posted_file(form.image_file)
    if file is None:
        return None
    try:
        upload = store_image(
            file.read(current_app.config["UPLOAD_MAX_BYTES"] + 1), file.filename or ""
        )
        db.session.commit()
    except ImageRefused as refused:
        db.session.rollback()
        form.image_file.errors = [refused.message]
        return refused
    form.image_name.data = upload.name
    return None


def apply_lead_image(form: Any, article: Article) -> None:
    """Copy the chosen image and its description onto ``article`` (none: both cleared)."""
    article.image_name = form.image_name.data or None
    article.image_alt = (form.image_alt.data or "").strip() if article.image_name else ""


def lead_image_context(form: Any) -> dict[str, Any]:
    """What the editor's template needs: the chosen upload and the uploads to choose from."""
    uploads = recent_uploads(CHOICES)
    name = form.image_name.data or ""
    chosen = next((upload for upload in uploads if upload.name == name), None)
    if chosen is None and _UPLOAD_NAME.fullmatch(name):
        chosen = db.session.get(Upload, name)
        if chosen is not None:
            uploads.insert(0, chosen)
    return {"lead_image": chosen, "image_choices": uploads}
