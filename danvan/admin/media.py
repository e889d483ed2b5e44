"""The image library (``/quan-tri/anh/``): upload an image, copy its address into an article."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_wtf.file import FileField, FileRequired

from ..core.errors import render_error
from ..core.forms import SiteForm
from ..core.htmx import is_htmx
from ..core.urls import safe_next
from ..documents import FILES_PER_FORM, UPLOAD_ENDPOINTS
from ..documents.files import too_large_message as documents_too_large
from ..extensions import db
from ..media.images import NO_FILE, ImageRefused, recent_uploads, store_image, too_large_message
from .blueprint import FLASH_CATEGORY, bp, staff_page


class UploadForm(SiteForm):
    """One image file."""

    image = FileField("Tệp ảnh (JPEG, PNG, GIF hoặc WebP)", validators=[FileRequired(NO_FILE)])


@bp.get("/anh/")
def media():
    """The image library: upload, and copy an image's address into an article."""
    return staff_page(
        "admin/media.html", form=UploadForm(formdata=None), uploads=recent_uploads(), uploaded=None
    )


@bp.post("/anh/")
def media_upload():
    """Store an uploaded image; HTMX gets the result fragment, a form post a 303 back."""
    form = UploadForm()
    back = safe_next(request.form.get("next")) or url_for("admin.media")
    error, status, uploaded = None, 200, None
    if not form.validate():
        error, status = " ".join(form.image.errors) or NO_FILE, 400
    else:
        file = form.image.data
        try:
            uploaded = store_image(
                file.read(current_app.config["UPLOAD_MAX_BYTES"] + 1), file.filename or ""
            )
            db.session.commit()
        except ImageRefused as refused:
            db.session.rollback()
            error, status = refused.message, refused.status
    if is_htmx():
        body = render_template("admin/_upload_result.html", uploaded=uploaded, error=error)
        return body, status
    if error or uploaded is None:
        return staff_page(
            "admin/media.html",
            status=status,
            form=form,
            uploads=recent_uploads(),
            uploaded=None,
            error=error,
        )
    flash(f"Đã tải ảnh lên: {uploaded.url}", FLASH_CATEGORY)
    return redirect(back, code=303)


@bp.errorhandler(413)
def _too_large(error):
    # The body went past MAX_CONTENT_LENGTH before the view could look at it.
    if request.endpoint in UPLOAD_ENDPOINTS:
        limit = documents_too_large(current_app.config["DOCUMENT_MAX_BYTES"])
        return render_error(413, f"{limit} Mỗi lần lưu tối đa {FILES_PER_FORM} tệp.")
    message = too_large_message(current_app.config["UPLOAD_MAX_BYTES"])
    if is_htmx():
        return render_template("admin/_upload_result.html", uploaded=None, error=message), 413
    return render_error(413, message)
