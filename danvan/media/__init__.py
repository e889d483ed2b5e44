"""Images staff upload: checked by content, resized, converted to WebP, stored by hash with
smaller copies for ``srcset``, served."""

from __future__ import annotations

from flask import Flask

from . import cli, views
from .variants import image_srcset, image_thumbnail_url


def init_app(app: Flask) -> None:
    """Serve uploads, offer image URLs to templates, register ``media variants``, and let a
    request body hold the largest image allowed."""
    app.config["MAX_CONTENT_LENGTH"] = max(
        app.config.get("MAX_CONTENT_LENGTH") or 0, app.config["UPLOAD_MAX_BYTES"] + 1024 * 1024
    )
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.media_cli)
    app.jinja_env.globals.update(
        banner_image_url=views.image_url,
        image_srcset=image_srcset,
        image_thumbnail_url=image_thumbnail_url,
    )
