"""A demonstration site at a provincial committee's real size, for trials and benchmarks."""

from __future__ import annotations

from flask import Flask

from . import cli


def init_app(app: Flask) -> None:
    """Register ``seed-demo``."""
    cli.init_app(app)
