"""Fixtures of the staff area's tests: a signed-in editor and a signed-in admin."""

from __future__ import annotations

import pytest

from tests.support.staff import make_user, sign_in


@pytest.fixture
def editor(app):
    """A signed-in editor's client."""
    make_user(app, "lan", role="editor")
    client = app.test_client()
    assert sign_in(client, "lan").status_code == 303
    return client


@pytest.fixture
def admin(app):
    """A signed-in admin's client."""
    make_user(app, "quantri", role="admin")
    client = app.test_client()
    assert sign_in(client, "quantri").status_code == 303
    return client
