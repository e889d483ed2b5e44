"""The committee's identity: its name, province, contacts, the person responsible for content,
the licence line and the logo, set by an admin in the staff area (``admin/identity.py``) and
shown in every page's header and footer, the titles, the print view, the feeds and the
JSON-LD ``publisher``."""

from __future__ import annotations

from flask import Flask

from .logo import publisher_schema, site_logo
from .store import current_identity


def init_app(app: Flask) -> None:
    """Give every template ``site_identity()``, ``site_logo()``, ``site_publisher()``, and
    make ``site_name`` (every title's suffix) the committee's full name."""
    app.jinja_env.globals.update(
        site_identity=current_identity, site_logo=site_logo, site_publisher=publisher_schema
    )

    @app.context_processor
    def _site_name() -> dict[str, str]:
        # core/templating.py's global is the configured SITE_NAME, for what renders without a
        # context (an imported macro); every page rendered with a context names the committee.
        return {"site_name": current_identity().full_name}
