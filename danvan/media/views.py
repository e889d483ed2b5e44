"""Serving uploaded images (``/uploads/<hash>.webp``, ``/uploads/<hash>-<width>.webp``) and
the URL of any banner image."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, send_from_directory, url_for

from ..core.assets import file_version, inline_svg
from .models import UPLOADS_FOLDER
from .storage import uploads_folder
from .variants import SERVED_NAME

bp = Blueprint("media", __name__)


def image_url(image: str) -> str:
    """The URL of a banner image: an uploaded one, or a file under static/."""
    prefix = UPLOADS_FOLDER + "/"
    if image.startswith(prefix):
        return url_for("media.upload", name=image.removeprefix(prefix))
    folder = current_app.static_folder or ""
    return inline_svg(folder, image, file_version(folder, image)) or url_for(
        "static", filename=image
    )


@bp.get(f"/{UPLOADS_FOLDER}/<name>")
def upload(name: str):
    """An uploaded image or one of its variants: WebP, nosniff, cached for a year (a name is
    its image's content hash, and a variant's width)."""
    if not SERVED_NAME.fullmatch(name):
        abort(404)
    response = send_from_directory(
        uploads_folder(), name, mimetype="image/webp", max_age=365 * 24 * 3600, conditional=True
    )
    response.cache_control.public = True
    response.cache_control.immutable = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
