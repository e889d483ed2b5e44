"""Sign-in throttling on the test client: per address, per account, and the known-device cookie
that lets the owner past a lock-out an attacker caused (OWASP's authentication cheat sheet)."""

from __future__ import annotations

from sqlalchemy import inspect, text

from danvan.extensions import db
from danvan.staff.sign_in import TOO_MANY_ATTEMPTS
from danvan.staff.throttle import DEVICE_COOKIE
from tests.support.staff import make_user, sign_in

WRONG = "sai-mat-khau-123"
OWNER_HOME = "10.0.0.7"


def locked_out_by_strangers(app, username: str = "lan") -> None:
    """Five wrong passwords for ``username`` from five forged addresses."""
    for number in range(5):
        response = sign_in(app.test_client(), username, WRONG, REMOTE_ADDR=f"10.9.9.{number}")
        assert response.status_code == 401


def test_a_successful_sign_in_sets_a_signed_long_lived_device_cookie(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True)
    make_user(app)
    response = sign_in(app.test_client())
    assert response.status_code == 303
    (cookie,) = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(DEVICE_COOKIE)]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/login" in cookie
    max_age = int(cookie.split("Max-Age=", 1)[1].split(";", 1)[0])
    assert max_age >= 180 * 24 * 3600


def test_the_owner_with_a_known_device_signs_in_through_a_lock_out(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True)
    make_user(app)
    owner = app.test_client()
    assert sign_in(owner, REMOTE_ADDR=OWNER_HOME).status_code == 303  # an earlier sign-in
    owner.post("/logout", data={})  # the cookie stays; the session is what ends
    owner = _fresh_client_with_device_cookie(app, owner)
    locked_out_by_strangers(app)
    # From a new address, with the device cookie: signed in.
    assert sign_in(owner, REMOTE_ADDR="10.0.5.5").status_code == 303
    # From a new address, without it: refused for a minute, as before.
    response = sign_in(app.test_client(), REMOTE_ADDR="10.0.5.6")
    assert response.status_code == 429
    assert TOO_MANY_ATTEMPTS in response.get_data(as_text=True)
    assert 0 < int(response.headers["Retry-After"]) <= 60


def test_a_device_cookie_of_another_account_does_not_pass_the_lock(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True)
    make_user(app, "lan")
    make_user(app, "hoa")
    colleague = app.test_client()
    assert sign_in(colleague, "hoa").status_code == 303
    colleague = _fresh_client_with_device_cookie(app, colleague)
    locked_out_by_strangers(app, "lan")
    assert sign_in(colleague, "lan", REMOTE_ADDR="10.0.5.7").status_code == 429


def test_a_forged_device_cookie_does_not_pass_the_lock(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True)
    make_user(app)
    locked_out_by_strangers(app)
    forger = app.test_client()
    forger.set_cookie(DEVICE_COOKIE, "eyJ1IjoxLCJkIjoieCJ9.forged", path="/login")
    assert sign_in(forger, REMOTE_ADDR="10.0.5.8").status_code == 429


def test_a_known_device_still_has_its_own_limit(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True)
    make_user(app)
    owner = app.test_client()
    assert sign_in(owner).status_code == 303
    owner = _fresh_client_with_device_cookie(app, owner)
    # A stolen device cookie guesses from many addresses: still five a minute.
    answers = [
        sign_in(owner, "lan", WRONG, REMOTE_ADDR=f"10.8.0.{n}").status_code for n in range(7)
    ]
    assert answers == [401] * 5 + [429] * 2


def test_no_address_or_name_is_stored_raw(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True)
    make_user(app)
    address = "198.51.100.77"
    sign_in(app.test_client(), "lan", WRONG, REMOTE_ADDR=address)
    sign_in(app.test_client(), "ten-doan-thu", WRONG, REMOTE_ADDR=address)
    assert sign_in(app.test_client(), REMOTE_ADDR=address).status_code == 303
    with app.app_context():
        counted = db.session.execute(text("SELECT count(*) FROM sign_in_attempts")).scalar()
        assert counted > 0  # the attempts really are in the table
        for table in inspect(db.engine).get_table_names():
            for row in db.session.execute(text(f'SELECT * FROM "{table}"')):
                flat = " ".join(str(value) for value in row)
                assert address not in flat and "198.51.100" not in flat, table
                assert "ten-doan-thu" not in flat, table


def _fresh_client_with_device_cookie(app, client):
    """A new client (no session) holding only ``client``'s device cookie."""
    cookie = client.get_cookie(DEVICE_COOKIE, path="/login")
    assert cookie is not None
    fresh = app.test_client()
    fresh.set_cookie(DEVICE_COOKIE, cookie.value, path="/login")
    return fresh
