"""The contact form: a message is stored and thanked; every abuse is refused with a Vietnamese
message, a 4xx, nothing stored and the typed text given back."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from danvan.extensions import db
from danvan.pages.models import ContactMessage
from tests.support.pages import TYPED, contact_form, save_contacts, stored_messages

HTMX = {"HX-Request": "true"}


def test_the_contact_page_shows_the_contacts_and_the_form(app, client):
    save_contacts(
        app,
        province="Tuyên Quang",
        address="Số 1 đường Tân Trào",
        phone="0207 3822 123",
        email="bdv@tuyenquang.gov.vn",
    )
    response = client.get("/lien-he")
    assert response.status_code == 200
    html = response.text
    assert '<h2 id="lien-he-thong-tin">Ban Dân vận Tỉnh ủy Tuyên Quang</h2>' in html
    assert "Số 1 đường Tân Trào" in html
    assert 'href="tel:02073822123"' in html and 'href="mailto:bdv@tuyenquang.gov.vn"' in html
    assert "Fax" not in html  # not set, not shown
    assert 'name="website"' in html and 'tabindex="-1"' in html and 'aria-hidden="true"' in html
    # It holds the form's signed drawing time, so no cache keeps it; and it sets no cookie.
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers.getlist("Set-Cookie") == []
    assert "Cookie" not in response.headers.get("Vary", "")


def test_a_message_is_stored_and_thanked_without_javascript(app, client):
    response = client.post("/lien-he", data=contact_form(client, app))
    assert response.status_code == 303 and response.headers["Location"] == "/lien-he?da-gui=1"
    assert response.headers.getlist("Set-Cookie") == []  # thanked without a session
    assert "Cảm ơn bạn đã gửi thư" in client.get("/lien-he?da-gui=1").text
    assert "Cảm ơn bạn đã gửi thư" not in client.get("/lien-he").text
    with app.app_context():
        message = db.session.scalars(select(ContactMessage)).one()
        assert (message.name, message.email, message.subject) == (
            "Nguyễn Thị Lan",
            "lan@example.vn",
            "Hỏi về lịch tiếp dân",
        )
        assert message.message == "Xin cho biết lịch tiếp dân tháng này.\nXin cảm ơn."
        assert message.done_at is None
        # Nothing about the sender's machine is kept.
        assert set(ContactMessage.__table__.columns.keys()) == {
            "id",
            "name",
            "email",
            "subject",
            "message",
            "created_at",
            "done_at",
            "done_by",
        }


def test_with_htmx_the_form_is_swapped_for_the_thanks(app, client):
    response = client.post("/lien-he", data=contact_form(client, app), headers=HTMX)
    assert response.status_code == 200
    assert response.text.startswith('<div class="flash flash--success" id="bieu-mau-lien-he"')
    assert "Cảm ơn bạn đã gửi thư" in response.text
    assert stored_messages(app) == 1


def assert_refused(response, status: int, message: str) -> None:
    assert response.status_code == status, response.text[:500]
    html = response.text
    assert message in html
    assert "Traceback" not in html and "Not a valid" not in html
    # The typed text comes back in the form.
    assert 'value="Nguyễn Thị Lan"' in html
    assert "Xin cho biết lịch tiếp dân tháng này." in html


@pytest.mark.parametrize(
    ("overrides", "status", "message"),
    [
        ({"website": "http://spam.example"}, 400, "biểu mẫu có dấu hiệu được điền tự động"),
        ({"started": ""}, 400, "biểu mẫu đã cũ hoặc không hợp lệ"),
        ({"started": "contact.AAAA.forged"}, 400, "biểu mẫu đã cũ hoặc không hợp lệ"),
        ({"email": "lan-at-example"}, 422, "Địa chỉ email không hợp lệ"),
        ({"email": "lan @example.vn"}, 422, "Địa chỉ email không hợp lệ"),
        ({"subject": "x" * 301}, 422, "Tiêu đề dài tối đa 300 ký tự."),
        ({"message": TYPED["message"] + "y" * 5000}, 422, "Nội dung dài tối đa 5000 ký tự."),
        ({"subject": ""}, 422, "Vui lòng nhập tiêu đề."),
        ({"subject": "Lịch\x00tiếp dân"}, 422, "Không được chứa ký tự điều khiển"),
        ({"message": TYPED["message"] + "\x07"}, 422, "Không được chứa ký tự điều khiển"),
    ],
)
def test_abuse_is_refused_and_nothing_is_stored(app, client, overrides, status, message):
    data = contact_form(client, app, **overrides)
    for headers in ({}, HTMX):
        assert_refused(client.post("/lien-he", data=data, headers=headers), status, message)
    assert stored_messages(app) == 0


@pytest.mark.parametrize(
    "headers", [{"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}]
)
def test_a_message_sent_from_another_site_is_refused(app, client, headers):
    data = contact_form(client, app)
    for extra in ({}, HTMX):
        response = client.post("/lien-he", data=data, headers={**headers, **extra})
        assert response.status_code == 403
        assert "được gửi từ một trang web khác" in response.text
    assert stored_messages(app) == 0
    same = client.post("/lien-he", data=data, headers={"Sec-Fetch-Site": "same-origin"})
    assert same.status_code == 303 and stored_messages(app) == 1


def test_a_control_character_is_dropped_from_the_text_given_back(app, client):
    data = contact_form(client, app, subject="Lịch\x00tiếp dân")
    html = client.post("/lien-he", data=data).text
    assert 'value="Lịchtiếp dân"' in html and "\x00" not in html


def test_a_form_sent_seconds_after_it_was_drawn_is_refused(app, client):
    response = client.post("/lien-he", data=contact_form(client, app, seconds_ago=0))
    assert_refused(response, 400, "biểu mẫu được gửi quá nhanh")
    assert stored_messages(app) == 0


def test_past_the_rate_limit_the_form_comes_back_with_a_429(app_factory):
    from danvan.content.sample import load_sample_content

    app = app_factory(RATELIMIT_ENABLED=True, CONTACT_RATE_LIMIT="2 per 10 minutes")
    with app.app_context():
        load_sample_content()
    client = app.test_client()
    for _ in range(2):
        assert client.post("/lien-he", data=contact_form(client, app)).status_code == 303
    for headers in ({}, HTMX):
        response = client.post("/lien-he", data=contact_form(client, app), headers=headers)
        assert_refused(response, 429, "bạn đã gửi quá nhiều thư trong ít phút")
    assert stored_messages(app) == 2
    assert client.get("/lien-he").status_code == 200  # reading the page is not limited


def test_without_a_contact_page_the_form_still_answers(app, client):
    # A site whose staff deleted the sample "Liên hệ" page can still be written to.
    from danvan.pages.models import Page

    with app.app_context():
        db.session.delete(db.session.scalar(select(Page).where(Page.kind == "contact")))
        db.session.commit()
    html = client.get("/lien-he").text
    assert '<h1 class="page-title">Liên hệ</h1>' in html and 'name="website"' in html
    assert client.post("/lien-he", data=contact_form(client, app)).status_code == 303
    assert stored_messages(app) == 1
