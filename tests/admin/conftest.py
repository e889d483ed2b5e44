"""Fixtures of the staff area's tests: a signed-in editor and a signed-in admin."""

from __future__ import annotations

import pytest

from tests.support.staff import signed_in_client


@pytest.fixture
def editor(app):
    """A signed-in editor's client."""
    return signed_in_client(app, "lan", role="editor")


@pytest.fixture
def admin(app):
    """A signed-in admin's client."""
    return signed_in_client(app, "quantri", role="admin")
