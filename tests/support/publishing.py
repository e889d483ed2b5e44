"""Helpers for the staff area tests: form data, images, counts, a check for executable HTML."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import func, select

from danvan.content.models import Article
from danvan.extensions import db
from danvan.staff.audit import AuditEntry


def png_bytes(size=(40, 20), color="red", fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


def article_data(token: str, **overrides) -> dict:
    data = {
        "csrf_token": token,
        "title": "Cả hệ thống chính trị vào cuộc",
        "slug": "",
        "summary": "Tóm tắt",
        "body": "Đoạn **một**.\n\nĐoạn hai.",
        "source": "Lê Dũng Toàn",
        "category_id": "",
        "rating_enabled": "y",
        "published_at": "",
        "action": "save",
    }
    data.update(overrides)
    return data


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def audit_actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


FORBIDDEN_TAGS = {
    "script",
    "style",
    "svg",
    "math",
    "iframe",
    "object",
    "embed",
    "form",
    "base",
    "meta",
    "link",
    "frame",
    "frameset",
    "applet",
    "template",
    "details",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "srcset",
    "background",
    "poster",
}


def executable_parts(html: str) -> list[str]:
    """Anything in ``html`` a browser could run or that could load code or styles."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in FORBIDDEN_TAGS:
                found.append(f"<{tag}>")
            for name, value in attrs:
                if name.startswith("on") or name == "style":
                    found.append(f"{tag}[{name}]")
                if name in URL_ATTRIBUTES and value:
                    scheme = "".join(char for char in value if char > " ").lower()
                    if scheme.startswith(("javascript:", "data:", "vbscript:")):
                        found.append(f"{tag}[{name}={value}]")

    parser = Parser(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    return found


def sample_article_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Article.id).order_by(Article.id))
