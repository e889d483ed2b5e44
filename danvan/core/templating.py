"""Jinja filters and globals shared by every template."""

from __future__ import annotations

from flask import Flask

from . import formatting
from .clock import local_time, vietnam_today
from .forms import constraint_messages


def init_app(app: Flask) -> None:
    """Register the display filters (Vietnam time, comma thousands) and site-wide globals."""
    app.jinja_env.filters.update(
        date_line=formatting.date_line,
        short_date=formatting.short_date,
        thousands=formatting.thousands,
        # To the second: HTML's <time datetime> takes at most three digits of a fraction.
        iso_local=lambda moment: local_time(moment).isoformat(timespec="seconds"),
    )
    app.jinja_env.globals.update(
        site_name=app.config["SITE_NAME"],
        vietnam_today=vietnam_today,
        constraint_messages=constraint_messages,
    )
