"""Server-side staff sessions: idle and absolute limits, passive polls, keepalive, revocation.

The clock is moved with time-machine; nothing here sleeps.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from danvan import create_app
from danvan.extensions import db
from danvan.staff.models import StaffSession
from tests.conftest import make_config
from tests.support.html_checks import audit
from tests.support.staff import make_user, sign_in, staff_csrf

START = datetime(2026, 3, 2, 1, 0, 0, tzinfo=UTC)  # 08:00 in Hà Nội
HX = {"HX-Request": "true"}


@pytest.fixture
def clock():
    """A frozen clock at START; ``clock.move_to(START + ...)`` moves it."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def staff(app, clock):
    """A client signed in at START (its CSRF token read at START too)."""
    make_user(app)
    client = app.test_client()
    assert sign_in(client).status_code == 303
    client.csrf = staff_csrf(client)
    return client


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def status(client):
    return client.get("/session/status", headers=HX)


def keepalive(client, token=None):
    headers = dict(HX)
    if token is not None:
        headers["X-CSRFToken"] = token
    return client.post("/session/keepalive", headers=headers)


def prompt_data(response) -> dict[str, str]:
    html = response.get_data(as_text=True)
    root = re.search(r'<div id="session-prompt"[^>]*>', html, re.S).group(0)
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', root))


def deadline_of(response) -> datetime:
    return datetime.fromtimestamp(int(prompt_data(response)["deadline"]) / 1000, UTC)


def stored(app) -> StaffSession:
    with app.app_context():
        (row,) = db.session.scalars(select(StaffSession))
        db.session.expunge(row)
        return row


# --- idle limit -----------------------------------------------------------------------------


def test_idle_session_ends_at_the_idle_limit(app, staff, clock):
    clock.move_to(at(1799))
    assert status(staff).status_code == 200
    clock.move_to(at(1800))
    response = staff.get("/quan-tri/")
    assert response.status_code == 303
    assert response.location == "/login?reason=idle&next=/quan-tri/"
    page = staff.get(response.location).get_data(as_text=True)
    assert "Bạn đã được đăng xuất vì không hoạt động." in page
    row = stored(app)
    assert row.revoked and row.end_reason == "idle"
    # The session stays over: going back in time (a skewed clock) does not revive it.
    clock.move_to(at(10))
    assert staff.get("/quan-tri/").status_code == 303


def test_an_expired_htmx_request_gets_401_and_hx_redirect(app, staff, clock):
    clock.move_to(at(1801))
    response = staff.get("/quan-tri/", headers=HX)
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/login?reason=idle&next=/quan-tri/"
    body = response.get_data(as_text=True)
    assert "Bạn đã được đăng xuất vì không hoạt động." in body
    assert "<form" not in body and "<html" not in body  # never the sign-in page in a fragment


def test_a_remember_cookie_does_not_outlive_the_idle_limit(app, staff, clock):
    from flask_login.utils import encode_cookie

    with app.test_request_context():
        staff.set_cookie("remember_token", encode_cookie("1"))
    clock.move_to(at(1800))
    assert staff.get("/quan-tri/").status_code == 303
    assert staff.get("/quan-tri/").status_code == 303


# --- passive status polls -------------------------------------------------------------------


def test_status_polls_never_extend_the_session(app, staff, clock):
    for second in range(15, 1800, 15):  # a page polling every 15 s for half an hour
        clock.move_to(at(second))
        response = status(staff)
        assert response.status_code == 200
        assert deadline_of(response) == at(1800)
    assert stored(app).last_seen == START
    clock.move_to(at(1800))
    response = status(staff)
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/login?reason=idle"


def test_status_returns_a_closed_prompt_until_the_warning_then_the_open_one(app, staff, clock):
    clock.move_to(at(1739))
    data = prompt_data(status(staff))
    assert data["state"] == "active" and data["ends-at"] == "08:30"
    clock.move_to(at(1740))
    response = status(staff)
    html = response.get_data(as_text=True)
    data = prompt_data(response)
    assert data["state"] == "warning"
    assert int(data["deadline"]) == int(at(1800).timestamp() * 1000)
    assert int(data["server-now"]) == int(at(1740).timestamp() * 1000)
    assert "Bạn đã không sử dụng Site" in html
    assert "Bấm vào đây để duy trì trạng thái đăng nhập" in html
    assert re.search(r"Thời gian chờ: <span[^>]*data-session-seconds>60</span> giây", html)
    assert response.headers["Cache-Control"] == "no-store"
    assert "HX-Request" in response.headers["Vary"]


def test_status_without_htmx_is_a_small_page(app, staff, clock):
    clock.move_to(at(100))
    html = staff.get("/session/status").get_data(as_text=True)
    assert "phiên đăng nhập sẽ kết thúc lúc" in html and "08:30" in html
    assert audit(html).inline_scripts == []


# --- what extends a session -----------------------------------------------------------------


def test_page_requests_extend_the_session_at_most_once_per_interval(app, staff, clock):
    clock.move_to(at(30))
    staff.get("/quan-tri/")
    assert stored(app).last_seen == START  # within the 60 s interval: no write
    clock.move_to(at(100))
    staff.get("/")  # any page of the site counts, public ones too
    assert stored(app).last_seen == at(100)
    clock.move_to(at(1899))
    assert staff.get("/quan-tri/").status_code == 200
    clock.move_to(at(1899 + 1800))
    assert staff.get("/quan-tri/").status_code == 303


def test_keepalive_extends_the_session(app, staff, clock):
    clock.move_to(at(1790))
    response = keepalive(staff, staff.csrf)
    assert response.status_code == 200
    data = prompt_data(response)
    assert data["state"] == "active"  # the prompt comes back closed...
    assert deadline_of(response) == at(1790 + 1800)  # ...with the new deadline
    assert stored(app).last_seen == at(1790)
    clock.move_to(at(3000))
    assert status(staff).status_code == 200


def test_keepalive_without_csrf_is_refused_and_changes_nothing(app, staff, clock):
    clock.move_to(at(1000))
    response = keepalive(staff)
    assert response.status_code == 400
    assert stored(app).last_seen == START


def test_keepalive_cannot_revive_an_expired_session(app, staff, clock):
    clock.move_to(at(1800))
    response = keepalive(staff, staff.csrf)
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/login?reason=idle"
    assert stored(app).last_seen == START and stored(app).revoked


def test_keepalive_after_sign_out_says_signed_out_rather_than_bad_form(app, staff, clock):
    staff.post("/logout", data={"csrf_token": staff.csrf})
    response = keepalive(staff, staff.csrf)  # the token died with the session
    assert response.status_code == 401 and response.headers["HX-Redirect"].startswith("/login")


def test_keepalive_without_javascript_returns_to_the_page(app, staff, clock):
    clock.move_to(at(500))
    response = staff.post(
        "/session/keepalive", data={"csrf_token": staff.csrf, "next": "/quan-tri/"}
    )
    assert response.status_code == 303 and response.location == "/quan-tri/"
    assert stored(app).last_seen == at(500)


# --- absolute limit ---------------------------------------------------------------------------


def test_the_absolute_limit_ends_even_an_active_session(app, staff, clock):
    for second in range(1000, 43200, 1000):
        clock.move_to(at(second))
        assert keepalive(staff, staff.csrf).status_code == 200
    clock.move_to(at(43200 - 30))
    data = prompt_data(status(staff))
    assert data["state"] == "warning" and data["capped"] == "true"
    assert deadline_of(status(staff)) == at(43200)
    # "Stay signed in" cannot go past the absolute limit: the prompt stays open.
    assert prompt_data(keepalive(staff, staff.csrf))["state"] == "warning"
    clock.move_to(at(43200))
    response = staff.get("/quan-tri/")
    assert response.location == "/login?reason=expired&next=/quan-tri/"
    assert "Phiên đăng nhập đã hết thời hạn tối đa." in staff.get(response.location).get_data(
        as_text=True
    )


def test_the_limits_come_from_configuration(app_factory, clock):
    app = app_factory(IDLE_TIMEOUT=8, IDLE_WARNING=5, MAX_SESSION=20)
    make_user(app)
    client = app.test_client()
    sign_in(client)
    clock.move_to(at(3))
    assert prompt_data(status(client))["state"] == "warning"
    clock.move_to(at(8))
    assert status(client).status_code == 401


# --- state lives in the database, shared by every process -------------------------------------


def test_a_second_process_sees_sign_out_at_once(app, staff, clock, tmp_path):
    # Another app on the same database and secret stands for another server process.
    other = create_app(
        make_config(
            tmp_path / "other", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"]
        )
    )
    second = other.test_client()
    second.set_cookie("session", staff.get_cookie("session").value)
    assert second.get("/quan-tri/").status_code == 200
    second.post("/logout", data={"csrf_token": staff.csrf})
    assert staff.get("/quan-tri/").status_code == 303
    with other.app_context():
        db.engine.dispose()


def test_public_visitors_never_touch_the_session_table(app, client):
    # No staff cookie, no session query: and the public page sets no cookie.
    response = client.get("/")
    assert "Set-Cookie" not in response.headers


def test_only_staff_pages_carry_the_prompt(app, staff, client):
    staff_page = staff.get("/quan-tri/").get_data(as_text=True)
    assert 'id="session-prompt"' in staff_page and "js/session.js" in staff_page
    assert 'data-hx-trigger="every 15s"' in staff_page
    assert 'aria-labelledby="session-dialog-title"' in staff_page
    for path in ("/", "/tin-tuc/1"):
        public = staff.get(path, follow_redirects=True).get_data(as_text=True)
        assert "session-prompt" not in public and "session.js" not in public


def test_the_warning_must_be_shorter_than_the_idle_limit(tmp_path):
    from danvan import ConfigError

    with pytest.raises(ConfigError, match="DANVAN_IDLE_WARNING .* phải nhỏ hơn"):
        create_app(make_config(tmp_path, IDLE_TIMEOUT=60, IDLE_WARNING=60))
