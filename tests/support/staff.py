"""Helpers for tests of the staff area: accounts, sign-in, CSRF tokens."""

from __future__ import annotations

import re

from danvan.extensions import db
from danvan.staff.models import User
from danvan.staff.passwords import hash_password

PASSWORD = "mat-khau-du-dai-2026"
_CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def make_user(
    app, username: str = "lan", password: str = PASSWORD, role: str = "editor", active: bool = True
) -> int:
    """Create a staff account directly in the database; returns its id."""
    with app.app_context():
        user = User(
            username=username, password_hash=hash_password(password), role=role, active=active
        )
        db.session.add(user)
        db.session.commit()
        return user.id


def csrf_from(html: str) -> str:
    """The CSRF token a page carries in its meta tag."""
    match = _CSRF_META.search(html)
    assert match, "the page has no csrf-token meta tag"
    return match.group(1)


def sign_in(
    client, username: str = "lan", password: str = PASSWORD, next_path: str | None = None, **environ
):
    """Post the sign-in form the way a browser does (fetching its CSRF token first)."""
    token = csrf_from(client.get("/login").get_data(as_text=True))
    data = {"csrf_token": token, "username": username, "password": password}
    if next_path is not None:
        data["next"] = next_path
    if environ:
        return client.post("/login", data=data, environ_base=environ)
    return client.post("/login", data=data)


def staff_csrf(client) -> str:
    """The CSRF token of a staff page (what the idle prompt's requests send)."""
    return csrf_from(client.get("/quan-tri/").get_data(as_text=True))


def signed_in_client(app, username: str, role: str):
    """A test client of a new staff account of ``role``, signed in."""
    make_user(app, username, role=role)
    client = app.test_client()
    assert sign_in(client, username).status_code == 303
    return client
