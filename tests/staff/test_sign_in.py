"""Staff accounts, sign-in and sign-out."""

from __future__ import annotations

import pytest
from flask_login.utils import encode_cookie
from sqlalchemy import select

from danvan import create_app
from danvan.extensions import db
from danvan.staff.models import StaffSession, User
from tests.conftest import make_config
from tests.support.html_checks import audit
from tests.support.staff import PASSWORD, csrf_from, make_user, sign_in, staff_csrf

GENERIC_ERROR = "Tên đăng nhập hoặc mật khẩu không đúng."


# --- accounts -------------------------------------------------------------------------------


def test_create_user_reads_the_password_twice_from_piped_stdin(app, runner):
    result = runner.invoke(
        args=["create-user", "lan", "--role", "admin"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert "Đã tạo tài khoản lan (admin)." in result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "lan"))
        assert user.role == "admin" and user.active
        assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash
    assert sign_in(app.test_client()).status_code == 303


def test_create_user_at_a_terminal_uses_a_hidden_prompt_with_confirmation(app, runner, monkeypatch):
    monkeypatch.setattr("danvan.staff.cli._stdin_is_terminal", lambda: True)
    result = runner.invoke(
        args=["create-user", "an"], input=f"{PASSWORD}\nkhac-han-roi-123\n{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert "Mật khẩu" in result.output and "Nhập lại mật khẩu" in result.output
    assert PASSWORD not in result.output  # hidden input is not echoed
    with app.app_context():
        assert db.session.scalar(select(User.role).where(User.username == "an")) == "editor"


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("ngan-qua\nngan-qua\n", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
        (f"{PASSWORD}\n{PASSWORD}x\n", "Hai lần nhập mật khẩu không khớp nhau."),
    ],
)
def test_create_user_refuses_bad_passwords_in_vietnamese(app, runner, stdin, message):
    result = runner.invoke(args=["create-user", "lan"], input=stdin)
    assert result.exit_code == 1
    assert message in result.output
    with app.app_context():
        assert db.session.scalar(select(User).where(User.username == "lan")) is None


def test_create_user_refuses_an_existing_name(app, runner):
    make_user(app, "lan")
    result = runner.invoke(args=["create-user", "lan"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 1 and "đã tồn tại" in result.output


def test_create_user_works_on_a_fresh_instance(tmp_path):
    # No tables at all: the command applies the migrations first (always SQLite here, so the
    # shared PostgreSQL test database is not migrated under the other tests' feet).
    app = create_app(
        make_config(tmp_path, SQLALCHEMY_DATABASE_URI=(f"sqlite:///{tmp_path / 'fresh.sqlite3'}"))
    )
    result = app.test_cli_runner().invoke(
        args=["create-user", "lan"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert sign_in(app.test_client()).status_code == 303
    with app.app_context():
        db.engine.dispose()


def test_disable_user_ends_every_session_of_the_account(app, runner):
    make_user(app, "lan")
    first, second = app.test_client(), app.test_client()
    assert sign_in(first).status_code == 303 and sign_in(second).status_code == 303
    result = runner.invoke(args=["disable-user", "lan"])
    assert result.exit_code == 0 and "2 phiên" in result.output
    for client in (first, second):
        response = client.get("/quan-tri/")
        assert response.status_code == 303
        assert response.location == "/login?reason=disabled&next=/quan-tri/"
    assert "Tài khoản của bạn đã bị khóa" in first.get("/login?reason=disabled").get_data(
        as_text=True
    )
    # A disabled account cannot sign in again, and is told the same as for a wrong password.
    response = sign_in(first)
    assert response.status_code == 401 and GENERIC_ERROR in response.get_data(as_text=True)


# --- the sign-in page ---------------------------------------------------------------------------


def test_sign_in_page(client):
    response = client.get("/login")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<h1 class="page-title" id="login-title">Đăng nhập</h1>' in html
    page = audit(html)
    assert page.meta["csrf-token"] and page.meta["robots"] == "noindex"
    assert page.inline_scripts == [] and page.inline_styles == []
    assert 'name="csrf_token"' in html and 'autocomplete="current-password"' in html
    assert response.headers["Cache-Control"] == "no-store"


def test_sign_in_leads_to_the_dashboard_with_articles_and_views(app, client):
    make_user(app)
    response = sign_in(client)
    assert response.status_code == 303 and response.location == "/quan-tri/"
    page = client.get("/quan-tri/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "CẢ HỆ THỐNG CHÍNH TRỊ" in html and "Lượt xem" in html
    assert "RATING COLUMN" not in html  # the marker is a template comment, not output
    assert "Cán bộ: <strong>lan</strong>" in html
    assert audit(html).inline_scripts == [] and audit(html).inline_styles == []


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("lan", "mat-khau-sai-hoan-toan"),  # wrong password
        ("khong-co-ai", PASSWORD),  # unknown account: the very same answer
    ],
)
def test_failed_sign_in_gives_one_generic_message(app, client, username, password):
    make_user(app)
    response = sign_in(client, username, password)
    html = response.get_data(as_text=True)
    assert response.status_code == 401
    assert html.count(GENERIC_ERROR) == 1
    assert client.get("/quan-tri/").status_code == 303


def test_empty_fields_are_refused_with_vietnamese_messages(app, client):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"csrf_token": token, "username": "", "password": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vui lòng nhập tên đăng nhập." in html and "Vui lòng nhập mật khẩu." in html


def test_sign_in_without_csrf_token_is_refused(app, client):
    make_user(app)
    response = client.post("/login", data={"username": "lan", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/quan-tri/").status_code == 303


def test_sign_in_starts_a_new_session(app, client):
    make_user(app)
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by-an-attacker"
        session["staff_sid"] = "a-token-the-attacker-knows"
        old_csrf = session["csrf_token"]
    assert sign_in(client).status_code == 303
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["staff_sid"] != "a-token-the-attacker-knows"
        assert session.get("csrf_token") != old_csrf


def test_signed_in_staff_visiting_the_sign_in_page_go_to_the_dashboard(app, client):
    make_user(app)
    sign_in(client)
    response = client.get("/login?reason=idle")
    assert response.status_code == 303 and response.location == "/quan-tri/"


# --- next: same-site paths only -------------------------------------------------------------


def test_next_returns_to_a_page_of_this_site(app, client):
    make_user(app)
    response = sign_in(client, next_path="/quan-tri/?trang=2")
    assert response.location == "/quan-tri/?trang=2"


def test_the_dashboard_sends_anonymous_visitors_to_sign_in_and_back(app, client):
    make_user(app)
    response = client.get("/quan-tri/")
    assert response.status_code == 303
    assert response.location == "/login?next=/quan-tri/"
    page = client.get(response.location).get_data(as_text=True)
    assert 'name="next" type="hidden" value="/quan-tri/"' in page


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/path",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "evil.example",
        "/ok\r\nLocation: //evil",
        "https:evil.example",
        " //evil.example",
    ],
)
def test_open_redirect_attempts_are_refused(app, client, target):
    make_user(app)
    response = sign_in(client, next_path=target)
    assert response.status_code == 303
    assert response.location == "/quan-tri/"
    login_page = app.test_client().get("/login", query_string={"next": target})
    assert "evil" not in login_page.get_data(as_text=True)


# --- rate limiting ------------------------------------------------------------------------------


def test_sign_in_is_limited_per_address(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True)
    make_user(app)
    client = app.test_client()
    for attempt in range(5):
        assert sign_in(client, f"khach{attempt}", "sai-mat-khau-123").status_code == 401
    response = sign_in(client, "lan", PASSWORD)  # even the right password waits now
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Bạn đã thử đăng nhập quá nhiều lần. Vui lòng đợi một phút rồi thử lại." in html
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert client.get("/quan-tri/").status_code == 303
    # Another address is not affected.
    other = sign_in(app.test_client(), "lan", PASSWORD, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 303


def test_sign_in_is_limited_per_account_across_addresses(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True)
    make_user(app)
    for attempt in range(5):
        response = sign_in(
            app.test_client(), "lan", "sai-mat-khau-123", REMOTE_ADDR=f"10.0.1.{attempt}"
        )
        assert response.status_code == 401
    response = sign_in(app.test_client(), "LAN ", PASSWORD, REMOTE_ADDR="10.0.2.1")
    assert response.status_code == 429


def test_successful_sign_ins_from_one_office_do_not_use_up_the_limit(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True)
    for number in range(8):
        make_user(app, f"canbo{number}")
    for number in range(8):
        assert sign_in(app.test_client(), f"canbo{number}").status_code == 303


# --- sign-out -----------------------------------------------------------------------------------


def test_sign_out_needs_post_and_csrf(app, client):
    make_user(app)
    sign_in(client)
    assert client.get("/logout").status_code == 405
    response = client.post("/logout")
    assert response.status_code == 400
    assert client.get("/quan-tri/").status_code == 200  # still signed in


def test_sign_out_ends_the_session_even_for_a_copied_cookie(app, client):
    make_user(app)
    sign_in(client)
    copied = client.get_cookie("session").value
    response = client.post("/logout", data={"csrf_token": staff_csrf(client)})
    assert response.status_code == 303 and response.location == "/login?reason=signed_out"
    assert "Bạn đã đăng xuất." in client.get(response.location).get_data(as_text=True)
    thief = app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get("/quan-tri/")
    assert response.status_code == 303
    assert response.location.startswith("/login?reason=signed_out")
    with app.app_context():
        (row,) = db.session.scalars(select(StaffSession))
        assert row.revoked and row.end_reason == "signed_out"


def test_a_remember_me_cookie_never_signs_anyone_in(app, client):
    user_id = make_user(app)
    with app.test_request_context():
        remember = encode_cookie(str(user_id))  # a valid, signed Flask-Login remember cookie
    client.set_cookie("remember_token", remember)
    response = client.get("/quan-tri/")
    assert response.status_code == 303 and response.location.startswith("/login")
    # Nor do we ever issue one.
    response = sign_in(app.test_client())
    assert all("remember_token" not in cookie for cookie in response.headers.getlist("Set-Cookie"))


def test_htmx_request_without_a_session_gets_401_and_hx_redirect(client):
    response = client.get("/quan-tri/", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login")
    assert "<form" not in response.get_data(as_text=True)
    assert "HX-Request" in response.headers["Vary"]


def test_create_user_answers_in_vietnamese_only_on_a_real_terminal(tmp_path):
    # A real process, as staff run it: no Alembic INFO lines, no English "Error:".
    import os
    import subprocess
    import sys

    from danvan import PROJECT_ROOT

    env = {key: value for key, value in os.environ.items() if not key.startswith("DANVAN_")}
    env["DANVAN_INSTANCE_PATH"] = str(tmp_path)

    def run(*args: str, stdin: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app", "app", *args],
            cwd=PROJECT_ROOT,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
        )

    created = run("create-user", "lan", "--role", "admin", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert created.returncode == 0, created.stderr
    assert (created.stdout + created.stderr).strip() == "Đã tạo tài khoản lan (admin)."
    refused = run("create-user", "hoa", stdin="ngan\nngan\n")
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert refused.stderr.strip() == "Lỗi: Mật khẩu quá ngắn: cần ít nhất 10 ký tự."
