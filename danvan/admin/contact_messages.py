"""The contact form's inbox (``/quan-tri/lien-he/``): residents' messages, newest first, 20 to
a page, open ones or done ones or all; staff mark one done when it is answered, or open it
again. Editors and admins alike. Each mark is in the audit log."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from ..core.clock import utcnow
from ..core.routing import page_number
from ..extensions import db
from ..pages.models import ContactMessage
from ..staff import audit
from .blueprint import FLASH_CATEGORY, bp, staff_page

PER_PAGE = 20
# ?loc=… (lọc: filter) → what the list shows.
FILTERS = {"chua-xu-ly": "Chưa xử lý", "da-xu-ly": "Đã xử lý", "tat-ca": "Tất cả"}
DEFAULT_FILTER = "chua-xu-ly"


def open_message_count() -> int:
    """How many messages wait for an answer (the dashboard shows it)."""
    query = select(func.count()).select_from(ContactMessage).where(ContactMessage.done_at.is_(None))
    return db.session.scalar(query) or 0


def inbox_query(chosen: str):
    """The messages of one filter, in its order, each served by an index: open ones newest
    first on (done_at, created_at), done ones by when they were done on the same index, all
    of them newest first on created_at."""
    query = select(ContactMessage)
    if chosen == "chua-xu-ly":
        return query.where(ContactMessage.done_at.is_(None)).order_by(
            ContactMessage.created_at.desc(), ContactMessage.id.desc()
        )
    if chosen == "da-xu-ly":
        return query.where(ContactMessage.done_at.is_not(None)).order_by(
            ContactMessage.done_at.desc(), ContactMessage.id.desc()
        )
    return query.order_by(ContactMessage.created_at.desc(), ContactMessage.id.desc())


@bp.get("/lien-he/")
def contact_messages():
    """One page of the inbox (``?loc=chua-xu-ly|da-xu-ly|tat-ca&page=N``)."""
    chosen = request.args.get("loc", DEFAULT_FILTER)
    if chosen not in FILTERS:
        chosen = DEFAULT_FILTER
    number = page_number(request.args.get("page"))
    page = db.paginate(inbox_query(chosen), page=number, per_page=PER_PAGE, error_out=False)
    return staff_page(
        "admin/contact_messages.html",
        page=page,
        chosen=chosen,
        filters=FILTERS,
        open_count=open_message_count(),
    )


def _back(message: str):
    flash(message, FLASH_CATEGORY)
    chosen = request.form.get("loc", DEFAULT_FILTER)
    if chosen not in FILTERS:
        chosen = DEFAULT_FILTER
    return redirect(url_for("admin.contact_messages", loc=chosen), code=303)


@bp.post("/lien-he/<int:message_id>/xong")
def contact_message_done(message_id: int):
    """Mark a message answered (done), by whom and when."""
    message = db.get_or_404(ContactMessage, message_id)
    if message.done_at is None:
        message.done_at = utcnow()
        message.done_by = int(current_user.get_id())
        audit.record("contact.done", "contact_message", message.id, message.subject)
        db.session.commit()
    return _back(f"Đã đánh dấu thư “{message.subject}” là đã xử lý.")


@bp.post("/lien-he/<int:message_id>/mo-lai")
def contact_message_reopen(message_id: int):
    """Put a message back among the open ones."""
    message = db.get_or_404(ContactMessage, message_id)
    if message.done_at is not None:
        message.done_at = None
        message.done_by = None
        audit.record("contact.reopen", "contact_message", message.id, message.subject)
        db.session.commit()
    return _back(f"Đã mở lại thư “{message.subject}”.")
