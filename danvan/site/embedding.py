"""An article body made to stand on its own, for the saved file (``?save=1``).

The saved file must open offline, years later, from a USB stick: so the site's own images
(uploads under ``instance/uploads/``, files under ``static/``) go into it as ``data:`` URIs,
and links to the site become absolute when ``DANVAN_SITE_URL`` says where the site is. An image
from another site is not fetched (the server would become anyone's downloader, and the file
would carry someone else's content): it becomes a link to that image instead. So does an image
past ``MAX_EMBEDDED_BYTES`` in one file, which bounds what one download costs the worker.

The body was sanitised by nh3 when it was stored (``core/text.py``); this re-emits its tokens
with every text and attribute escaped again, changing only ``img`` elements and ``href`` values.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app, request
from werkzeug.security import safe_join

from ..media.models import UPLOADS_FOLDER
from ..media.storage import uploads_folder
from ..media.variants import SERVED_NAME

# What a browser shows in an <img>; anything else under static/ stays a link.
IMAGE_TYPES = {
    ".webp": "image/webp",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".avif": "image/avif",
}
# All the images of one saved file together (base64 makes the file a third larger). Uploads
# are WebP at most DANVAN_UPLOAD_MAX_WIDTH wide, typically 50-300 KB: dozens fit.
MAX_EMBEDDED_BYTES = 8 * 1024 * 1024
IMAGE_LABEL = "Ảnh"


def _attributes(attrs: list[tuple[str, str | None]]) -> str:
    return "".join(
        f" {name}" if value is None else f' {name}="{escape(value, quote=True)}"'
        for name, value in attrs
    )


@dataclass
class LocalFiles:
    """Finds the file behind a URL of this site, and says what an absolute link to it is."""

    site_url: str
    uploads_prefix: str
    static_prefix: str
    static_folder: str
    uploads: Path

    @classmethod
    def for_current_app(cls) -> LocalFiles:
        """The prefixes and folders of the current app and request (its script root too)."""
        root = request.script_root
        return cls(
            site_url=(current_app.config.get("SITE_URL") or "").rstrip("/"),
            uploads_prefix=f"{root}/{UPLOADS_FOLDER}/",
            static_prefix=f"{root}{current_app.static_url_path}/",
            static_folder=current_app.static_folder or "",
            uploads=uploads_folder(),
        )

    def site_path(self, url: str) -> str | None:
        """The path of ``url`` when it is on this site (a path, or at ``DANVAN_SITE_URL``)."""
        if self.site_url and url.startswith(self.site_url + "/"):
            url = url[len(self.site_url) :]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            return None
        return unquote(parts.path)

    def image_file(self, url: str) -> Path | None:
        """The file an image URL of this site names, or None (another site, no such file)."""
        path = self.site_path(url)
        if path is None:
            return None
        if path.startswith(self.uploads_prefix):
            name = path[len(self.uploads_prefix) :]
            return self.uploads / name if SERVED_NAME.fullmatch(name) else None
        if path.startswith(self.static_prefix) and self.static_folder:
            # safe_join refuses "..", absolute parts and the like: only files under static/.
            joined = safe_join(self.static_folder, path[len(self.static_prefix) :])
            return Path(joined) if joined else None
        return None

    def absolute(self, url: str) -> str:
        """``url`` made absolute at ``DANVAN_SITE_URL`` when it is a path of this site."""
        if self.site_url and url.startswith("/") and not url.startswith("//"):
            return self.site_url + url
        return url


class _Rewriter(HTMLParser):
    """Re-emits a fragment token by token; ``budget`` is what images may still take, in bytes."""

    def __init__(self, files: LocalFiles, budget: int) -> None:
        super().__init__(convert_charrefs=True)
        self.files = files
        self.budget = budget
        self.parts: list[str] = []
        self.link_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self._image(attrs)
            return
        if tag == "a":
            self.link_depth += 1
            attrs = [
                (name, self.files.absolute(value) if name == "href" and value else value)
                for name, value in attrs
            ]
        self.parts.append(f"<{tag}{_attributes(attrs)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.link_depth = max(0, self.link_depth - 1)
        self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.parts.append(escape(data, quote=False))

    def _image(self, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        source = values.get("src") or ""
        data_uri = self._data_uri(source)
        if data_uri is not None:
            kept = [(name, data_uri if name == "src" else value) for name, value in attrs]
            self.parts.append(f"<img{_attributes(kept)}>")
            return
        alt = (values.get("alt") or "").strip()
        label = escape(f"[{IMAGE_LABEL}: {alt}]" if alt else f"[{IMAGE_LABEL}]", quote=False)
        if self.link_depth or not source:
            self.parts.append(label)  # no link inside a link: the outer one stays
        else:
            href = escape(self.files.absolute(source), quote=True)
            self.parts.append(f'<a class="saved-image-link" href="{href}">{label}</a>')

    def _data_uri(self, source: str) -> str | None:
        file = self.files.image_file(source) if source else None
        media_type = IMAGE_TYPES.get(file.suffix.lower()) if file else None
        if file is None or media_type is None:
            return None
        try:
            if file.stat().st_size > self.budget:
                return None
            data = file.read_bytes()
        except OSError:
            return None  # a deleted upload: the reader gets a link, not a broken file
        self.budget -= len(data)
        return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def standalone_html(
    html: str, files: LocalFiles | None = None, budget: int = MAX_EMBEDDED_BYTES
) -> str:
    """``html`` (a sanitised body) with this site's images embedded and its links absolute."""
    parser = _Rewriter(files or LocalFiles.for_current_app(), budget)
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)
