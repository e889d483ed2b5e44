"""Passwords are hashed with werkzeug's full scrypt cost, except in tests that ask for less."""

from __future__ import annotations

from werkzeug.security import check_password_hash

from danvan import create_app
from danvan.staff.passwords import authenticate, hash_password
from tests.conftest import make_config
from tests.support.staff import PASSWORD, make_user


def test_the_site_hashes_with_full_cost_scrypt(tmp_path):
    config = make_config(tmp_path / "instance")
    del config["PASSWORD_HASH_METHOD"]  # what a real site runs with
    app = create_app(config)
    with app.app_context():
        stored = hash_password(PASSWORD)
    assert stored.startswith("scrypt:32768:8:1$")
    assert check_password_hash(stored, PASSWORD)


def test_the_tests_hash_cheaply_and_still_check_passwords(app):
    make_user(app, "lan")
    with app.app_context():
        assert hash_password(PASSWORD).startswith("scrypt:1024:8:1$")
        assert authenticate("lan", PASSWORD) is not None
        assert authenticate("lan", PASSWORD + "x") is None
        assert authenticate("khong-co", PASSWORD) is None
