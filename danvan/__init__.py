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

    The order matters where one piece relies on another having run first:

    0. The app-wide ``<int:…>`` converter (``core/routing.py``), before any route is added.
    1. Configuration, then logging, so everything after can log in the site's one-line format.
    2. The session interface and the extensions (database, migrations, CSRF, rate limits) before
       any feature: features' hooks and views use them.
    3. The security headers wrap the WSGI app early; wrapping is outermost-last, and ProxyFix
       (step 7) must be the outermost layer so that everything inside sees the client's address.
    4. ``core``: caches, assets, templating, error pages, which every feature's pages need, and
       the control-character check, a ``before_request`` that must run before any feature's.
    5. ``staff`` before the features: its ``before_request`` validates the staff session, and
       the statistics (member or guest?) and the rating (whose vote?) read it in theirs.
    6. The features. Flask runs ``after_request`` hooks in reverse order of registration, so
       the stats' page-view counter (registered late) runs before the rating's cookie hook and
       the request log (registered early), which then log and send the final response.
    7. ProxyFix, when proxies are trusted.
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
    # Before any blueprint adds a route: rules take their converters when they are added.
    from .core import routing

    routing.init_app(app)

    from . import (
        admin,
        comments,
        content,
        demo,
        discovery,
        documents,
        identity,
        importer,
        media,
        ops,
        pages,
        rating,
        search,
        site,
        staff,
        stats,
    )
    from .core import (
        assets,
        caches,
        cookie_sessions,
        errors,
        forgery,
        hosts,
        http_cache,
        input,
        logs,
        security,
        templating,
    )
    from .extensions import csrf, db, limiter, migrate

    logs.init_app(app)
    cookie_sessions.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    security.init_app(app)

    caches.init_app(app)
    assets.init_app(app)
    http_cache.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    input.init_app(app)
    forgery.init_app(app)
    hosts.init_app(app)  # put first among the before_request hooks, whatever its place

    staff.init_app(app)
    ops.init_app(app)
    content.init_app(app)
    identity.init_app(app)
    site.init_app(app)
    pages.init_app(app)
    discovery.init_app(app)
    search.init_app(app)
    documents.init_app(app)
    admin.init_app(app)
    media.init_app(app)
    rating.init_app(app)
    comments.init_app(app)
    stats.init_app(app)
    demo.init_app(app)
    importer.init_app(app)

    if app.config["PROXIES"]:
        count = app.config["PROXIES"]
        # No x_prefix: the site lives at the root, and nginx passes a client's own
        # X-Forwarded-Prefix on, which would prefix every link in the shared shells.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_port=count
        )
    return app
