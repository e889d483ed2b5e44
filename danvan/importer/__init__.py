"""Moving from NukeViet: ``flask --app app import-nukeviet`` brings the old site's news over
(stages in ``stages.py``, the old database read by ``source.py``), and ``redirects.py`` sends
every old link on to its new address."""

from __future__ import annotations

from flask import Flask

from . import redirects
from .cli import import_nukeviet_command


def init_app(app: Flask) -> None:
    """Register the command and the old links' redirects."""
    app.cli.add_command(import_nukeviet_command)
    redirects.init_app(app)
