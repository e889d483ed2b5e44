"""Flask's signed-cookie sessions, with the signing serializer built once per secret key, and
nothing said about a session that does not exist.

Flask builds a new serializer for every request, twice (open and save), and each build
test-serialises a value: a tenth of an article page's cost here (BENCHMARKS.md).

Flask also answers ``Vary: Cookie`` whenever a request merely looked at the session (Flask-Login
does, on every page, to ask whether anyone is signed in), and a ``Vary: Cookie`` keeps every
shared cache from storing the page for anyone. A request that came without a session cookie
and leaves with an empty session got the page everyone without one gets, so it says nothing
(``danvan/core/http_cache.py`` makes the page public; caches are told to pass requests that
carry the cookie on, ``deploy/nginx.conf``).
"""

from __future__ import annotations

from functools import lru_cache

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface, SessionMixin
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

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """Flask's own, except for a request without a session cookie that leaves none: no
        ``Vary: Cookie`` and no cookie deletion (there was nothing to delete)."""
        if not session and not has_session_cookie(app):
            return
        super().save_session(app, session, response)


def has_session_cookie(app: Flask) -> bool:
    """True when this request carries the site's session cookie (staff, the sign-in page)."""
    return app.config["SESSION_COOKIE_NAME"] in request.cookies


def init_app(app: Flask) -> None:
    """Use the caching session interface."""
    app.session_interface = CachedSerializerSessionInterface()
