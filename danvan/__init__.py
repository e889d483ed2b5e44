"""danvan: the public microsite of a provincial Ban Dân vận, as a Flask application factory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config as config_module
from .config import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent

__all__ = ["ConfigError", "PROJECT_ROOT", "create_app"]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create and configure the site.

    ``test_config`` overrides every other source (tests use it for a fresh database). The instance
    folder is ``instance/`` beside the code unless ``DANVAN_INSTANCE_PATH`` names another.
    Raises ``ConfigError`` when a setting is missing or wrong.
    """
    instance_path = Path(
        (test_config or {}).get("INSTANCE_PATH")
        or os.environ.get("DANVAN_INSTANCE_PATH")
        or PROJECT_ROOT / "instance"
    ).resolve()
    app = Flask(
        __name__,
        instance_path=str(instance_path),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    instance_path.mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config_module.build(instance_path, test_config))

    from . import logs, security, sessions
    from .extensions import csrf, db, limiter, migrate

    logs.init_app(app)
    sessions.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    security.init_app(app)

    from . import admin, articles, assets, auth, errors, health, templating

    assets.init_app(app)
    auth.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    app.register_blueprint(health.bp)
    articles.init_app(app)
    app.register_blueprint(admin.bp)

    from . import media

    media.init_app(app)

    from . import backup, cli, rating, stats

    rating.init_app(app)
    stats.init_app(app)

    cli.init_app(app)
    backup.init_app(app)

    if app.config["PROXIES"]:
        count = app.config["PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count,
                                x_port=count, x_prefix=count)
    return app
