"""Keyed hashes: how the site counts a network or an account without storing it."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app


def keyed_hash(*parts: str) -> str:
    """HMAC-SHA256 of ``parts`` joined by ``|``, keyed with the app's secret (hex).

    Without the secret the database alone cannot be brute-forced back into addresses or names;
    the first part names the purpose, so one feature's hashes never match another's.
    """
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, "|".join(parts).encode(), hashlib.sha256).hexdigest()
