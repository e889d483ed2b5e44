"""An article to print (``?print=1``) and to keep (``?save=1``), as Decree 42/2022 asks.

The print view is the article alone: site name, title, date line, lead, lead image, body, source,
the article's address and when it was printed; no menu, sidebar, rating, statistics, share bar.
It is the same for every reader, so it is kept as a shell (``site.print_pages`` in
``core/caches.py``, 30 s, forgotten when the article changes) whose one hole is the printing
time. A print view does not count as a view of the article: NukeViet counts only the article
page, and a reader who prints has just been counted there (a crawler following the link would
otherwise count twice). It is still a page view for the site's statistics, like any page.

The saved file is the print view's content as one HTML file: ``static/css/print.css`` inlined
in a ``<style>`` element, the site's images as ``data:`` URIs (``embedding.py``), no script.
It is built per request and not cached: it can hold megabytes of images, and a cache of those
would be what bounds a worker's memory; building one reads a few files the OS already caches.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from flask import Response, current_app, render_template
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict

from ..content.links import article_url
from ..content.models import Article
from ..core.assets import file_version
from ..core.caches import cache
from ..core.clock import utcnow
from ..core.formatting import date_line
from ..core.shells import Shell, hole
from ..core.text import plain_text
from ..extensions import db
from .embedding import standalone_html

PRINT_HOLES = frozenset({"printed"})
PRINT_CSS = "css/print.css"
BAD_MODE = (
    "Địa chỉ in hoặc lưu bài viết không hợp lệ: thêm ?print=1 để in bài viết, "
    "?save=1 để lưu bài viết."
)


def requested_mode(args: MultiDict[str, str]) -> str | None:
    """``page``, ``print`` or ``save`` from the query; None when it asks for something else.

    Only ``1`` is a value: ``?print=abc``, ``?print=1&print=2`` or both at once get a 400 with a
    Vietnamese message, rather than a page that quietly is not what the link promised. Other
    parameters (``?fbclid=…`` added by Facebook) leave the ordinary page.
    """
    printing, saving = args.getlist("print"), args.getlist("save")
    if not printing and not saving:
        return "page"
    if printing == ["1"] and not saving:
        return "print"
    if saving == ["1"] and not printing:
        return "save"
    return None


@lru_cache(maxsize=8)
def _stylesheet(static_folder: str, version: str | None) -> str:
    return (Path(static_folder) / PRINT_CSS).read_text(encoding="utf-8")


def print_stylesheet() -> Markup:
    """``static/css/print.css`` to inline in a saved file (read once per version)."""
    folder = current_app.static_folder or ""
    css = _stylesheet(folder, file_version(folder, PRINT_CSS))
    # Our own file; "</" would end the element early, and it has no business in CSS.
    return Markup(css.replace("</", "<\\/"))  # noqa: S704 - a static file of this repository


def lead_image_html(article: Article) -> str:
    """The article's lead image as an ``<img>`` of its stored upload, or ``""``."""
    upload = article.image
    if upload is None:
        return ""
    return (
        f'<img src="{escape(upload.url)}" alt="{escape(article.image_alt)}"'
        f' width="{upload.width}" height="{upload.height}">'
    )


def render_print(article: Article, printed: str, saved: bool = False) -> str:
    """The print view (or, ``saved``, the file to keep) of ``article``."""
    body, image = article.body_html, lead_image_html(article)
    if saved:
        body, image = standalone_html(body), standalone_html(image)
    summary = article.summary.strip()
    return render_template(
        "site/print.html",
        article=article,
        # The lead, unless the body already opens with it (the sample article does).
        lead=summary if summary and not plain_text(article.body_html).startswith(summary) else "",
        body_html=Markup(body),  # noqa: S704 - sanitised on assignment, re-escaped when saved
        lead_image=Markup(image),  # noqa: S704 - built above from escaped values
        canonical_url=article_url(article, external=True),
        article_path=article_url(article),
        printed=printed,
        saved=saved,
        inline_css=print_stylesheet() if saved else None,
    )


def _load_print_shell(article_id: int) -> Shell | None:
    article = db.session.get(Article, article_id)
    if article is None or not article.is_visible():
        return None
    return Shell.from_html(render_print(article, hole("printed")), allowed=PRINT_HOLES)


def print_view(article_id: int) -> str | None:
    """The print view of a readable article, or None (nothing kept) when it is not readable."""
    shells = cache("site.print_pages")
    shell = shells.get(article_id, lambda: _load_print_shell(article_id))
    if shell is None:
        shells.forget(article_id)
        return None
    return shell.fill({"printed": lambda: date_line(utcnow())})


def download_name(slug: str) -> str:
    """A file name for the saved article: its slug, with nothing a file system or a header
    could misread."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", slug).strip(".-")[:100] or "bai-viet"
    return f"{name}.html"


def saved_file(article_id: int) -> Response | None:
    """The article as a self-contained HTML download, or None when it is not readable."""
    article = db.session.get(Article, article_id)
    if article is None or not article.is_visible():
        return None
    html = render_print(article, date_line(utcnow()), saved=True)
    response = Response(html, mimetype="text/html")  # Flask adds "; charset=utf-8"
    name = download_name(article.slug)
    # filename* (RFC 5987/6266) for clients that read it; the plain one is ASCII already.
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
    )
    response.headers["X-Robots-Tag"] = "noindex"
    # The site's strict Content-Security-Policy is added to this response as to every other
    # (core/security.py) and is left so: an attachment is saved, not rendered from the site,
    # so its inline <style> never meets that header. Opened from disk there is no header at
    # all; the file's own <meta> policy then allows that style and data: images, nothing else.
    return response
