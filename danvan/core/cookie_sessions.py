"""Flask's signed-cookie sessions, with the signing serializer built once per secret key.

Flask builds a new serializer for every request, twice (open and save), and each build
test-serialises a value: a tenth of an article page's cost here (BENCHMARKS.md).
"""

from __future__ import annotations

from functools import lru_cache

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class CachedSerializerSessionInterface(SecureCookieSessionInterface):
    """The default session interface; only the serializer is reused."""

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        if not app.secret_key:
            return None
        fallbacks = tuple(app.config.get("SECRET_KEY_FALLBACKS") or ())
        return self._serializer(app.secret_key, fallbacks)

    @lru_cache(maxsize=8)  # noqa: B019 - one interface per app, a handful of keys at most
    def _serializer(self, secret_key, fallbacks: tuple) -> URLSafeTimedSerializer:
        keys = [*fallbacks, secret_key]
        return URLSafeTimedSerializer(
            keys,
            salt=self.salt,
            serializer=self.serializer,
            signer_kwargs={
                "key_derivation": self.key_derivation,
                "digest_method": self.digest_method,
            },
        )


def init_app(app: Flask) -> None:
    """Use the caching session interface."""
    app.session_interface = CachedSerializerSessionInterface()
