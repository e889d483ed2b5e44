"""Configuration: built-in defaults < ``instance/config.py`` < ``DANVAN_*`` environment.

Every setting an operator may change is declared once in ``SETTINGS`` (``settings.py``), so that
environment values are parsed and checked in one place and a wrong value stops the start-up with
one clear sentence (``ConfigError``) instead of a traceback deep inside a request.
"""

from __future__ import annotations

import os
import re
import runpy
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from limits import parse_many
from sqlalchemy.engine import make_url

from .settings import SETTINGS, Setting, parse_bool, parse_int, parse_names


class ConfigError(Exception):
    """A setting is missing or has a value the site cannot use; the message says which."""


VALID_LOG_LEVELS = {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}


def defaults() -> dict[str, Any]:
    """The built-in defaults, as Flask config keys."""
    config: dict[str, Any] = {setting.key: setting.default for setting in SETTINGS}
    config.update(
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Tokens live as long as the session: a page left open for hours must still post.
        WTF_CSRF_TIME_LIMIT=None,
        WTF_CSRF_HEADERS=["X-CSRFToken"],
        RATELIMIT_HEADERS_ENABLED=True,
        MAX_CONTENT_LENGTH=8 * 1024 * 1024,
        TIMEZONE="Asia/Ho_Chi_Minh",
        SEND_FILE_MAX_AGE_DEFAULT=3600,
        # werkzeug's scrypt (N=2**15). Not an operator setting: only the tests make it cheap.
        PASSWORD_HASH_METHOD="scrypt",  # noqa: S106 - a method name, not a password
    )
    return config


def from_environment(environ: dict[str, str] | os._Environ[str]) -> dict[str, Any]:
    """Parse every ``DANVAN_*`` variable that names a known setting.

    Raises ``ConfigError`` with one sentence for a value that does not parse or is out of range.
    """
    parsed: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = environ.get(setting.env_name)
        if raw is None or raw == "":
            continue
        try:
            value = setting.parse(raw)
        except ValueError:
            raise ConfigError(
                f"{setting.env_name}={raw!r} không hợp lệ: cần {_expected(setting)}."
            ) from None
        parsed[setting.key] = value
    return parsed


def _expected(setting: Setting) -> str:
    if setting.parse is parse_bool:
        return "true hoặc false"
    if setting.parse is parse_int:
        return "một số nguyên"
    return "một chuỗi ký tự"


def validate(config: dict[str, Any]) -> None:
    """Check the merged configuration; raise ``ConfigError`` naming the first bad setting."""
    for setting in SETTINGS:
        value = config.get(setting.key)
        if setting.minimum is not None and (
            not isinstance(value, int) or isinstance(value, bool) or value < setting.minimum
        ):
            raise ConfigError(
                f"{setting.env_name} phải là một số nguyên từ {setting.minimum} trở lên, "
                f"không phải {value!r}."
            )
    if config.get("LOG_LEVEL", "INFO").upper() not in VALID_LOG_LEVELS:
        raise ConfigError(
            f"DANVAN_LOG_LEVEL phải là một trong {', '.join(sorted(VALID_LOG_LEVELS))}, "
            f"không phải {config['LOG_LEVEL']!r}."
        )
    url = config.get("SQLALCHEMY_DATABASE_URI")
    if url:
        from sqlalchemy.exc import ArgumentError

        try:
            make_url(url)
        except ArgumentError:
            raise ConfigError(
                f"DANVAN_DATABASE_URL={url!r} không phải địa chỉ cơ sở dữ liệu (ví dụ "
                "sqlite:///instance/danvan.sqlite3 hoặc postgresql+psycopg://user@host/db)."
            ) from None
    try:
        parse_many(config.get("RATING_RATE_LIMIT", ""))
    except ValueError:
        raise ConfigError(
            f"DANVAN_RATING_RATE_LIMIT={config.get('RATING_RATE_LIMIT')!r} không phải giới hạn "
            'tần suất (ví dụ "10 per minute;60 per hour").'
        ) from None
    try:
        parse_many(config.get("CONTACT_RATE_LIMIT", ""))
    except ValueError:
        raise ConfigError(
            f"DANVAN_CONTACT_RATE_LIMIT={config.get('CONTACT_RATE_LIMIT')!r} không phải giới "
            'hạn tần suất (ví dụ "5 per 10 minutes").'
        ) from None
    if config.get("SMTP_HOST") and not (config.get("SMTP_FROM") and config.get("SMTP_TO")):
        raise ConfigError(
            "DANVAN_SMTP_HOST đã đặt thì cần cả DANVAN_SMTP_FROM (địa chỉ gửi) và "
            "DANVAN_SMTP_TO (địa chỉ cán bộ nhận thông báo)."
        )
    if config.get("IDLE_WARNING", 0) >= config.get("IDLE_TIMEOUT", 1):
        raise ConfigError(
            "DANVAN_IDLE_WARNING (số giây báo trước khi đăng xuất) phải nhỏ hơn "
            "DANVAN_IDLE_TIMEOUT (số giây không dùng thì bị đăng xuất)."
        )
    secret = config.get("SECRET_KEY")
    if not secret or len(str(secret)) < 16:
        raise ConfigError("DANVAN_SECRET_KEY phải dài ít nhất 16 ký tự.")


def site_address(raw: Any) -> str | None:
    """``DANVAN_SITE_URL`` as ``scheme://host[:port]`` (no trailing slash), or None when unset.

    Raises ``ConfigError`` unless it is an http or https address with a host and nothing after
    it: a path would not match the links the pages build, and a query or fragment has no place
    in a canonical URL.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    problem = ConfigError(
        f"DANVAN_SITE_URL={raw!r} không phải địa chỉ của trang: cần http:// hoặc https://, "
        "tên máy và không gì thêm sau đó, ví dụ https://danvan.example.gov.vn."
    )
    text = raw.strip() if isinstance(raw, str) else ""
    parts = urlsplit(text)
    try:
        parts.port  # noqa: B018 - reading it checks the port
    except ValueError:
        raise problem from None
    if (
        parts.scheme not in {"http", "https"}
        or not re.fullmatch(r"[a-z0-9.-]+", parts.hostname or "")
        or parts.username is not None
        or parts.path not in {"", "/"}
        or parts.query
        or parts.fragment
        or text.endswith(("?", "#"))
    ):
        raise problem
    return f"{parts.scheme}://{parts.netloc.lower()}"


def trusted_hosts(config: dict[str, Any]) -> list[str] | None:
    """Flask's ``TRUSTED_HOSTS``: the site's host, then ``DANVAN_TRUSTED_HOSTS``; None (any
    host) without ``DANVAN_SITE_URL``."""
    extra = config.get("TRUSTED_HOSTS") or []
    # instance/config.py may give a list or the environment's comma-separated form.
    extra = parse_names(extra if isinstance(extra, str) else ",".join(map(str, extra)))
    site_url = config.get("SITE_URL")
    if site_url is None:
        if extra:
            raise ConfigError(
                "DANVAN_TRUSTED_HOSTS bổ sung tên máy cho DANVAN_SITE_URL: hãy đặt DANVAN_SITE_URL."
            )
        return None
    return [str(urlsplit(site_url).hostname), *extra]


def load_instance_file(instance_path: Path) -> dict[str, Any]:
    """Read upper-case names from ``instance/config.py``, if the file exists."""
    path = instance_path / "config.py"
    if not path.exists():
        return {}
    try:
        namespace = runpy.run_path(str(path))
    except Exception as error:  # any error in an operator's file must stop the start cleanly
        raise ConfigError(f"Không đọc được {path}: {error}.") from None
    return {key.removeprefix("DANVAN_"): value for key, value in namespace.items() if key.isupper()}


def read_or_create_secret(instance_path: Path) -> str:
    """Return the key in ``instance/secret_key``, writing a new random one (mode 0600) if absent."""
    path = instance_path / "secret_key"
    try:
        # O_EXCL: two processes starting at once must not write two different keys.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        secret = path.read_text(encoding="ascii").strip()
        if secret:
            return secret
        raise ConfigError(f"{path} rỗng: hãy xoá tệp này để một khoá mới được tạo.") from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_urlsafe(48))
    os.chmod(path, 0o600)
    return path.read_text(encoding="ascii").strip()


def build(
    instance_path: Path,
    overrides: dict[str, Any] | None = None,
    environ: dict[str, str] | os._Environ[str] | None = None,
) -> dict[str, Any]:
    """Merge defaults, ``instance/config.py``, the environment and test overrides; validate."""
    config = defaults()
    config.update(load_instance_file(instance_path))
    config.update(from_environment(os.environ if environ is None else environ))
    config.update(overrides or {})
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        config["SQLALCHEMY_DATABASE_URI"] = (
            config.get("DATABASE_URL") or f"sqlite:///{instance_path / 'danvan.sqlite3'}"
        )
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = read_or_create_secret(instance_path)
    config["RATELIMIT_STORAGE_URI"] = config.get("RATELIMIT_STORAGE_URI") or "memory://"
    # Shared limit storage (Redis) unreachable: go on counting in each process rather than
    # answer 500, and give up on it quickly; Flask-Limiter goes back to it once it answers.
    config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    if config["RATELIMIT_STORAGE_URI"].startswith(("redis://", "rediss://")):
        config.setdefault(
            "RATELIMIT_STORAGE_OPTIONS", {"socket_connect_timeout": 1, "socket_timeout": 1}
        )
    config["SITE_URL"] = site_address(config.get("SITE_URL"))
    config["TRUSTED_HOSTS"] = trusted_hosts(config)
    config["SESSION_COOKIE_SECURE"] = bool(config.get("SECURE_COOKIES"))
    config["REMEMBER_COOKIE_SECURE"] = bool(config.get("SECURE_COOKIES"))
    config["REMEMBER_COOKIE_HTTPONLY"] = True
    config["REMEMBER_COOKIE_SAMESITE"] = "Lax"
    validate(config)
    config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(config)
    return config


def engine_options(config: dict[str, Any]) -> dict[str, Any]:
    """SQLAlchemy engine options with a pool that can give every thread a connection at once.

    A request may hold its session's connection while it waits for the SQLite write turn
    (``core/database.py``), and the turn's holder (another request, or the group-commit
    writer) then needs a connection of its own. With SQLAlchemy's default of 15 and
    ``DANVAN_THREADS=16``, sixteen waiting requests could hold them all and stall the holder for
    the pool's 30 s timeout. So the pool may grow to every waitress thread, the writer, and a
    margin for commands and health checks.
    """
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    url = make_url(config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return options  # one shared in-memory connection (StaticPool): no pool to size
    options.setdefault("pool_size", 5)
    options.setdefault("max_overflow", max(10, config["THREADS"] + 5))
    return options
