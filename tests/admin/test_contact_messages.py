"""The contact inbox: residents' messages for staff to read and mark done."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from danvan.core.clock import utcnow
from danvan.extensions import db
from danvan.pages.models import ContactMessage
from tests.support.publishing import audit_actions
from tests.support.staff import staff_csrf


def add_messages(app, count: int, done: int = 0) -> list[int]:
    """``count`` messages, one a minute, oldest first; the first ``done`` of them done."""
    start = utcnow() - timedelta(hours=2)
    with app.app_context():
        messages = [
            ContactMessage(
                name=f"Người gửi {number}",
                email=f"nguoi{number}@example.vn",
                subject=f"Thư số {number}",
                message=f"Nội dung thư số {number}.\nDòng hai.",
                created_at=start + timedelta(minutes=number),
                done_at=start + timedelta(minutes=60 + number) if number < done else None,
            )
            for number in range(count)
        ]
        db.session.add_all(messages)
        db.session.commit()
        return [message.id for message in messages]


def subjects(html: str) -> list[str]:
    import re

    return re.findall(r'<h2 id="thu-\d+">([^<]+)</h2>', html)


@pytest.mark.parametrize(
    "path", ["/quan-tri/lien-he/", "/quan-tri/lien-he/1/xong", "/quan-tri/lien-he/1/mo-lai"]
)
def test_signed_out_visitors_cannot_read_or_mark(app, client, path):
    add_messages(app, 1)
    response = client.get(path) if path.endswith("/") else client.post(path, data={})
    assert response.status_code in (303, 400)
    if response.status_code == 303:
        assert response.headers["Location"].startswith("/login")
    with app.app_context():
        assert db.session.scalars(select(ContactMessage.done_at)).one() is None


@pytest.mark.parametrize("who", ["editor", "admin"])
def test_open_messages_come_newest_first_twenty_to_a_page(app, request, who):
    add_messages(app, 23, done=2)
    staff = request.getfixturevalue(who)
    first = staff.get("/quan-tri/lien-he/")
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-store"
    assert subjects(first.text) == [f"Thư số {n}" for n in range(22, 2, -1)]
    assert "21 thư chưa xử lý" in first.text
    assert 'href="/quan-tri/lien-he/?loc=chua-xu-ly&amp;page=2" rel="next"' in first.text
    second = staff.get("/quan-tri/lien-he/?loc=chua-xu-ly&page=2")
    assert subjects(second.text) == ["Thư số 2"]
    assert subjects(staff.get("/quan-tri/lien-he/?loc=da-xu-ly").text) == ["Thư số 1", "Thư số 0"]
    assert len(subjects(staff.get("/quan-tri/lien-he/?loc=tat-ca").text)) == 20
    # An unknown filter is the default one, a page past the last is empty, never an error.
    assert subjects(staff.get("/quan-tri/lien-he/?loc=xyz").text) == subjects(first.text)
    assert "Không có thư nào." in staff.get("/quan-tri/lien-he/?page=99").text


def test_marking_a_message_done_and_reopening_it(app, editor):
    (message_id,) = add_messages(app, 1)
    token = staff_csrf(editor)
    assert "Thư liên hệ chưa xử lý: <strong>1</strong>" in editor.get("/quan-tri/").text
    response = editor.post(
        f"/quan-tri/lien-he/{message_id}/xong", data={"csrf_token": token, "loc": "chua-xu-ly"}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/quan-tri/lien-he/?loc=chua-xu-ly"
    with app.app_context():
        message = db.session.get(ContactMessage, message_id)
        assert message.done_at is not None and message.done_by is not None
    page = editor.get(response.headers["Location"]).text
    assert "Đã đánh dấu thư “Thư số 0” là đã xử lý." in page and subjects(page) == []
    assert "Thư liên hệ chưa xử lý: <strong>0</strong>" in editor.get("/quan-tri/").text
    reopened = editor.post(
        f"/quan-tri/lien-he/{message_id}/mo-lai", data={"csrf_token": token, "loc": "da-xu-ly"}
    )
    assert reopened.status_code == 303
    with app.app_context():
        assert db.session.get(ContactMessage, message_id).done_at is None
    assert audit_actions(app) == ["contact.done", "contact.reopen"]
    assert editor.post("/quan-tri/lien-he/999/xong", data={"csrf_token": token}).status_code == 404


def test_a_message_is_shown_as_text_never_as_html(app, editor):
    with app.app_context():
        db.session.add(
            ContactMessage(
                name="<b>Kẻ xấu</b>",
                email="x@example.vn",
                subject="<script>alert(1)</script>",
                message="<img src=x onerror=alert(1)>",
            )
        )
        db.session.commit()
    html = editor.get("/quan-tri/lien-he/").text
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
