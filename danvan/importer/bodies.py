"""Old article bodies made fit for the new site: sanitised, debris cleaned, links rewritten.

NukeViet's editor (CKEditor) leaves ``&nbsp;`` runs, inline styles, Word markup and empty
paragraphs; old bodies point at ``/uploads/news/...`` and at the old domain. The body goes
through the site's sanitiser (``core/text.py``) first, so what the rewriting reads is nh3's
well-formed output, never the old HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from ..core.text import plain_text, sanitize_html

# C0 controls but tab, LF and CR, and DEL: the site refuses them everywhere (core/input.py).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
WORD_DEBRIS = re.compile(
    r"<!--\[if.*?<!\[endif\]-->|<!--.*?-->|<xml\b.*?</xml>|</?o:p\b[^>]*>", re.I | re.S
)
SCRIPT = re.compile(r"<script\b|\bon[a-z]+\s*=|javascript:", re.I)
SPACES = re.compile(r"(?:&nbsp;|\u00a0| )+")
# A paragraph with nothing readable: spaces and line breaks only.
EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br>)*</p>\n?")
TRAILING_SPACE = re.compile(r"(<p>) | (</p>)")
IMG_SRC = re.compile(r'\bsrc="([^"]*)"')
LINK_HREF = re.compile(r'(<a\b[^>]*?\bhref=")([^"]*)(")')
IMG_TAG = re.compile(r"<img\b[^>]*>")


@dataclass
class Cleaned:
    """A cleaned body and what was repaired in it (for the report)."""

    html: str
    repairs: list[str] = field(default_factory=list)
    missing_images: list[str] = field(default_factory=list)


def clean_text(value: str | None) -> str:
    """A one-line field (title, source, tag name): entities decoded, controls and runs of
    spaces gone."""
    text = CONTROL.sub("", html.unescape(value or ""))
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def clean_summary(value: str | None) -> str:
    """The plain-text summary from NukeViet's ``hometext`` (which may hold HTML)."""
    return clean_text(plain_text(CONTROL.sub("", value or "")))


class UploadPaths:
    """Tells which old URLs point at the old site's uploads folder, and the file they name."""

    def __init__(self, module_data: str, domains: tuple[str, ...]) -> None:
        self.domains = {d.lower().removeprefix("www.") for d in domains}
        # /uploads/news/x.jpg, with NukeViet in a subfolder too; thumbnails kept under
        # assets/news/ are copies of the same file.
        self.pattern = re.compile(rf"(?:^|/)(?:uploads|assets)/{re.escape(module_data)}/(.+)$")

    def local_path(self, url: str) -> str | None:
        """The path of ``url`` on the old site when it is a link to it, else None."""
        url = html.unescape(url.strip())
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") or url.startswith("//"):
            host = (parts.hostname or "").lower().removeprefix("www.")
            if host not in self.domains:
                return None
            return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if parts.scheme:
            return None
        return url

    def upload_key(self, url: str) -> str | None:
        """The file an old URL names, relative to ``uploads/<module>/``, or None."""
        path = self.local_path(url)
        if path is None:
            return None
        match = self.pattern.search(urlsplit(path).path)
        return unquote(match.group(1)) if match else None


def clean_body(
    raw: str | None, paths: UploadPaths, new_image: Callable[[str], str | None]
) -> Cleaned:
    """Sanitise an old body, clean its debris and rewrite its links.

    ``new_image(key)`` gives the new URL of an old upload (``key`` relative to
    ``uploads/<module>/``), or None when the file was not brought over: that image is left out
    and named in ``missing_images``.
    """
    text = CONTROL.sub("", raw or "")
    cleaned = Cleaned("")
    if SCRIPT.search(text):
        cleaned.repairs.append("đã bỏ mã chạy được (script, sự kiện, javascript:)")
    text = WORD_DEBRIS.sub("", text)
    text = sanitize_html(text)
    text = SPACES.sub(" ", text)
    text = TRAILING_SPACE.sub(r"\1\2", text)

    def image(match: re.Match[str]) -> str:
        tag = match.group(0)
        src = IMG_SRC.search(tag)
        key = paths.upload_key(src.group(1)) if src else None
        if src is None or key is None:
            return tag
        url = new_image(key)
        if url is None:
            cleaned.missing_images.append(key)
            return ""  # no broken image on the new site; the report names the file
        return tag[: src.start(1)] + url + tag[src.end(1) :]

    def link(match: re.Match[str]) -> str:
        href = match.group(2)
        key = paths.upload_key(href)
        if key is not None:
            url = new_image(key)
            if url is not None:
                return f"{match.group(1)}{url}{match.group(3)}"
        local = paths.local_path(href)
        if local is not None and local != href:
            # An absolute link to the old domain: made relative, it reaches this site, whose
            # redirects (redirects.py) send it on to the new address.
            return f"{match.group(1)}{html.escape(local, quote=True)}{match.group(3)}"
        return match.group(0)

    text = IMG_TAG.sub(image, text)
    text = LINK_HREF.sub(link, text)
    cleaned.html = EMPTY_PARAGRAPH.sub("", text).strip()
    return cleaned
