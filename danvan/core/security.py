"""Security headers sent with every response."""

from __future__ import annotations

from flask import Flask

# No 'unsafe-inline' and no 'unsafe-eval': every script and style comes from our own files.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


class SecurityHeadersMiddleware:
    """Adds headers to every response a view did not set itself, at the WSGI level.

    Done here rather than in an ``after_request`` hook because werkzeug's header lookups cost
    more than the whole list append, on every response of the site.
    """

    def __init__(self, wsgi_app, headers: dict[str, str]) -> None:
        self.wsgi_app = wsgi_app
        self.headers = [(name, value) for name, value in headers.items()]

    def __call__(self, environ, start_response):
        def start_with_headers(status, response_headers, exc_info=None):
            present = {name.lower() for name, _ in response_headers}
            response_headers.extend(
                header for header in self.headers if header[0].lower() not in present
            )
            return start_response(status, response_headers, exc_info)

        return self.wsgi_app(environ, start_with_headers)


def init_app(app: Flask) -> None:
    """Add the security headers to every response, errors and static files included."""
    headers = dict(SECURITY_HEADERS)
    if app.config["SECURE_COOKIES"]:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    app.wsgi_app = SecurityHeadersMiddleware(app.wsgi_app, headers)  # type: ignore[method-assign]
