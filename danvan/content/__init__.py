"""Content: articles, categories, banners, links and site settings; the article body pipeline;
the sample content a new site ships with."""

from __future__ import annotations

from flask import Flask

from . import cli


def init_app(app: Flask) -> None:
    """Register the content commands."""
    cli.init_app(app)
