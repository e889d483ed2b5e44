"""Helpers for tests of the committee's pages and the contact form."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from danvan.extensions import db
from danvan.pages.contact_form import started_token
from danvan.pages.models import ContactMessage, Page

TYPED = {
    "name": "Nguyễn Thị Lan",
    "email": "lan@example.vn",
    "subject": "Hỏi về lịch tiếp dân",
    "message": "Xin cho biết lịch tiếp dân tháng này.\nXin cảm ơn.",
}


def contact_form(client, app, seconds_ago: float = 10, **overrides) -> dict[str, str]:
    """What a person's browser posts: a render time ``seconds_ago``, the typed fields
    (``overrides`` replace them), an empty honeypot; no token (the page has none)."""
    assert "csrf" not in client.get("/lien-he").text
    with app.app_context():
        started = started_token(time.time() - seconds_ago)
    data = {"started": started, "website": "", **TYPED}
    data.update(overrides)
    return data


def stored_messages(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ContactMessage))


def page_id(app, slug: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Page.id).where(Page.slug == slug))


def make_page(app, **values) -> int:
    """A page stored directly; returns its id."""
    from danvan.content.body import render_body

    values.setdefault("title", "Trang thử")
    values.setdefault("slug", "trang-thu")
    body = values.pop("body", "Nội dung thử.")
    with app.app_context():
        page = Page(body_source=body, body_html=render_body(body), **values)
        db.session.add(page)
        db.session.commit()
        return page.id


def save_contacts(app, **fields) -> None:
    """Store the committee's identity (name and contacts) as its admin would."""
    from danvan.identity.store import Identity, save_identity

    with app.test_request_context():
        save_identity(Identity(name="Ban Dân vận Tỉnh ủy", **fields))
        db.session.commit()
