"""The contact page (``/lien-he``): the committee's contacts, the page's text and the form.

The page sets no cookie: the form carries no CSRF token (a resident has no session to bind it
to); a post sent from another site's page is refused by ``core/forgery.py`` (403) before this
runs. A post is refused, with the typed text given back and a Vietnamese message, when the
anti-script checks fail (``contact_form.py``), when a field is wrong, or past
``DANVAN_CONTACT_RATE_LIMIT`` posts per address (Flask-Limiter, counted in the shared storage
when one is configured). Nothing is stored then. A stored message is thanked with a 303 to
``/lien-he?da-gui=1`` (without JavaScript) or the thank-you fragment (htmx). The page holds the
form's signed drawing time, so it is never kept by a cache (``no-store``).
"""

from __future__ import annotations

from typing import Any

from flask import current_app, redirect, render_template, request, url_for

from ..core.errors import render_error
from ..core.forgery import cookieless_form
from ..core.hosts import canonical_url_for
from ..core.htmx import VARY_HEADERS, is_htmx
from ..core.input import checks_own_text
from ..extensions import db, limiter
from ..site.sidebar import current_sidebar
from .contact_form import ContactForm, started_token
from .menu import contact_page, english_url
from .models import ContactMessage
from .notify import notify_staff
from .views import alternates, bp

THANKS = "Cảm ơn bạn đã gửi thư. Cán bộ của Ban sẽ đọc và trả lời qua email sớm nhất có thể."
NOT_SENT = "Thư chưa được gửi: vui lòng sửa các lỗi được đánh dấu bên dưới."
TOO_MANY = (
    "Thư chưa được gửi: bạn đã gửi quá nhiều thư trong ít phút. "
    "Vui lòng đợi khoảng mười phút rồi gửi lại; nội dung bạn đã viết vẫn còn bên dưới."
)
SENT_QUERY = "da-gui"  # /lien-he?da-gui=1: where a message sent without JavaScript ends


def _contact_limit() -> str:
    return current_app.config["CONTACT_RATE_LIMIT"]


contact_limit = limiter.shared_limit(_contact_limit, scope="contact")


def _answer(
    form: ContactForm, status: int = 200, error: str | None = None, sent: str | None = None
):
    """The page (or, for htmx, the form alone) with ``form`` as it is, and ``error`` above it."""
    headers = {**VARY_HEADERS, "Cache-Control": "no-store"}
    if is_htmx():
        body = render_template("pages/_contact_form.html", form=form, form_error=error)
        return body, status, headers
    page = contact_page()
    context: dict[str, Any] = {"alternates": [], "lang_switch_url": url_for("english.home")}
    if page is not None:
        context = {
            "alternates": alternates(page),
            "lang_switch_url": english_url(page),
            "current_page_id": page.id,
        }
    body = render_template(
        "pages/contact.html",
        page=page,
        form=form,
        form_error=error,
        sent_message=sent,
        sidebar=current_sidebar(),
        **context,
    )
    return body, status, headers


@bp.get("/lien-he")
def contact():
    """The contact page with an empty form (and the thanks, after a message was sent)."""
    form = ContactForm(formdata=None)
    form.started.data = started_token()
    return _answer(form, sent=THANKS if request.args.get(SENT_QUERY) == "1" else None)


@bp.post("/lien-he")
@cookieless_form
@checks_own_text
@contact_limit
def contact_send():
    """Store a resident's message, or give the form back with what is wrong."""
    form = ContactForm()
    valid = form.validate()
    refusal = form.refusal()
    if refusal is not None:
        form.echo_typed_text()
        return _answer(form, 400, refusal)
    if not valid:
        form.echo_typed_text()
        return _answer(form, 422, NOT_SENT)
    fields = {
        name: getattr(form, name).data.strip() for name in ("name", "email", "subject", "message")
    }
    message = ContactMessage(**fields)
    db.session.add(message)
    db.session.commit()
    notify_staff(fields, canonical_url_for("admin.contact_messages"))
    if is_htmx():
        body = render_template("pages/_contact_thanks.html", message=THANKS)
        return body, 200, {**VARY_HEADERS, "Cache-Control": "no-store"}
    thanked = url_for("pages.contact") + f"?{SENT_QUERY}=1"
    return redirect(thanked, code=303), dict(VARY_HEADERS)


@bp.errorhandler(429)
def _too_many(error):
    """Past the limit: the form again with what was typed, and when to try again."""
    if request.endpoint != "pages.contact_send":
        return render_error(429)
    form = ContactForm()
    form.echo_typed_text()
    return _answer(form, 429, TOO_MANY)
