"""Every setting an operator may change, declared once: its key, default, parser, meaning and
lower bound. ``config.py`` merges and checks them; the README's table lists the same settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def parse_bool(raw: str) -> bool:
    """``true``/``false`` and their usual spellings."""
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ValueError("expected true or false")


def parse_int(raw: str) -> int:
    """A whole number."""
    return int(raw.strip())


def parse_str(raw: str) -> str:
    """Text as given."""
    return raw


def parse_names(raw: str) -> list[str]:
    """Comma-separated names, e.g. host names; blanks dropped."""
    return [name.strip().lower() for name in raw.split(",") if name.strip()]


@dataclass(frozen=True)
class Setting:
    """One operator-facing setting: its Flask config key, default, parser and lower bound."""

    key: str
    default: Any
    parse: Callable[[str], Any]
    help: str
    minimum: int | None = None

    @property
    def env_name(self) -> str:
        return "DANVAN_" + self.key.removeprefix("DANVAN_")


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATABASE_URL",
        None,
        parse_str,
        "SQLAlchemy URL; default sqlite:///<instance>/danvan.sqlite3",
    ),
    Setting(
        "SECRET_KEY",
        None,
        parse_str,
        "signing key; default: generated once into instance/secret_key",
    ),
    # All interfaces, as waitress-serve does: the usual place is behind a reverse proxy.
    Setting("HOST", "0.0.0.0", parse_str, "address python app.py listens on"),  # noqa: S104
    Setting("PORT", 8080, parse_int, "port python app.py listens on", minimum=1),
    Setting("THREADS", 8, parse_int, "waitress threads per process", minimum=1),
    Setting("WORKERS", 0, parse_int, "waitress processes; 0 = one per core", minimum=0),
    Setting("PROXIES", 0, parse_int, "number of trusted reverse proxies (ProxyFix)", minimum=0),
    Setting(
        "RATELIMIT_ENABLED",
        True,
        parse_bool,
        "rate limits on or off (sign-in throttling, Flask-Limiter)",
    ),
    Setting(
        "RATELIMIT_STORAGE_URI",
        "memory://",
        parse_str,
        "Flask-Limiter storage, e.g. redis://127.0.0.1:6379/0 to share limits (not sign-in's)",
    ),
    Setting(
        "RATING_PER_IP",
        30,
        parse_int,
        "votes one network may send per article per day (counted by keyed hash)",
        minimum=1,
    ),
    Setting(
        "RATING_RATE_LIMIT",
        "10 per minute;60 per hour",
        parse_str,
        "Flask-Limiter limit on the rating endpoints, per client address",
    ),
    Setting("SECURE_COOKIES", False, parse_bool, "mark cookies Secure (serve over HTTPS)"),
    # The site's public address: canonical links, og:url and JSON-LD are built from it, never
    # from a request's Host header, which any client may set (config.py checks its form).
    Setting(
        "SITE_URL",
        None,
        parse_str,
        "the site's public address, e.g. https://danvan.example.gov.vn; other hosts get 400",
    ),
    # Flask's own key: config.py puts DANVAN_SITE_URL's host first and these after it.
    Setting(
        "TRUSTED_HOSTS",
        None,
        parse_names,
        "more host names served besides DANVAN_SITE_URL's, comma-separated (www. aliases)",
    ),
    Setting("SITE_NAME", "Ban Dân vận Tỉnh ủy", parse_str, "name shown in the header"),
    Setting("PAGE_SIZE", 10, parse_int, "articles per page on the home page", minimum=1),
    Setting("LOG_LEVEL", "INFO", parse_str, "logging level"),
    Setting(
        "LOG_FULL_ADDRESSES",
        False,
        parse_bool,
        "log whole client addresses (for an incident); by default only their network",
    ),
    # Staff sessions (danvan/staff/sessions.py), in seconds.
    Setting(
        "IDLE_TIMEOUT", 1800, parse_int, "staff sign-out after this much inactivity", minimum=1
    ),
    Setting(
        "MAX_SESSION",
        43200,
        parse_int,
        "staff sign-out this long after sign-in, whatever",
        minimum=1,
    ),
    Setting(
        "IDLE_WARNING", 60, parse_int, "the idle prompt opens this long before sign-out", minimum=1
    ),
    Setting("SESSION_POLL", 15, parse_int, "staff pages ask /session/status this often", minimum=1),
    Setting(
        "ACTIVITY_INTERVAL",
        60,
        parse_int,
        "activity (requests, typing) extends a staff session at most this often",
        minimum=1,
    ),
    Setting("STATS_ENABLED", True, parse_bool, "count visits and views (off: measure without)"),
    Setting(
        "PAGEVIEW_FLUSH",
        1,
        parse_int,
        "seconds counts (page views, visits, article views) may wait in memory (0: each is "
        "committed before its response)",
        minimum=0,
    ),
    Setting(
        "ONLINE_WINDOW", 300, parse_int, "seconds a visitor stays in the online count", minimum=10
    ),
    Setting(
        "STATS_REFRESH", 60, parse_int, "seconds between refreshes of the stats block", minimum=1
    ),
    # Images staff upload (danvan/media/images.py).
    Setting(
        "UPLOAD_MAX_BYTES",
        5 * 1024 * 1024,
        parse_int,
        "largest image file staff may upload, in bytes",
        minimum=1024,
    ),
    # Files attached to documents (danvan/documents/files.py), each.
    Setting(
        "DOCUMENT_MAX_BYTES",
        20 * 1024 * 1024,
        parse_int,
        "largest document file (PDF, DOC, DOCX, ODT) staff may attach, in bytes",
        minimum=1024,
    ),
    Setting(
        "UPLOAD_MAX_WIDTH",
        1600,
        parse_int,
        "uploaded images wider than this many pixels are shrunk to it",
        minimum=16,
    ),
    Setting(
        "STATS_CACHE",
        15,
        parse_int,
        "seconds the stats figures are cached (at most 15)",
        minimum=0,
    ),
    # What a shared cache (nginx, a CDN) may keep of an anonymous public page
    # (danvan/core/http_cache.py): fresh this long, then served stale while it is refreshed.
    Setting(
        "CACHE_SHARED_MAX_AGE",
        10,
        parse_int,
        "seconds a shared cache may serve an anonymous public page (s-maxage); 0: do not keep",
        minimum=0,
    ),
    Setting(
        "CACHE_STALE",
        30,
        parse_int,
        "seconds more a shared cache may serve it while refreshing (stale-while-revalidate)",
        minimum=0,
    ),
    # The contact form (danvan/pages/contact.py).
    Setting(
        "CONTACT_RATE_LIMIT",
        "5 per 10 minutes",
        parse_str,
        "Flask-Limiter limit on contact form posts, per client address",
    ),
    # Residents' comments (danvan/comments/): on everywhere an article allows them, or nowhere.
    Setting(
        "COMMENTS_ENABLED",
        True,
        parse_bool,
        "residents may comment under articles that allow it (off: no comment form anywhere)",
    ),
    Setting(
        "COMMENTS_RATE_LIMIT",
        "5 per 10 minutes;20 per day",
        parse_str,
        "Flask-Limiter limit on comment posts, per client address",
    ),
    # Optional mail to staff when a message arrives (danvan/pages/notify.py); unset: none.
    Setting("SMTP_HOST", None, parse_str, "mail server for new-message notices; unset: none"),
    Setting("SMTP_PORT", 587, parse_int, "mail server port", minimum=1),
    Setting("SMTP_USER", None, parse_str, "mail server account (unset: no sign-in)"),
    Setting("SMTP_PASSWORD", None, parse_str, "mail server password"),
    Setting("SMTP_FROM", None, parse_str, "sender address of the notices"),
    Setting("SMTP_TO", None, parse_names, "staff addresses that get the notices, comma-separated"),
    Setting("SMTP_TLS", True, parse_bool, "STARTTLS before signing in to the mail server"),
)
