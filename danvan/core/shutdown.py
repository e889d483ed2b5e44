"""Work a feature must finish when its process stops (queued counts, for instance).

A forked waitress worker leaves through ``os._exit``, which skips ``atexit``; the server calls
``run_shutdown_hooks`` itself after waitress returns (SIGTERM, Ctrl-C).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask

log = logging.getLogger("danvan.server")

EXTENSION_KEY = "danvan.on_shutdown"


def on_shutdown(app: Flask, hook: Callable[[], None]) -> None:
    """Have ``hook`` called when the process serving ``app`` stops."""
    app.extensions.setdefault(EXTENSION_KEY, []).append(hook)


def run_shutdown_hooks(app: Flask) -> None:
    """Call every hook registered for ``app``; one failing hook does not stop the others."""
    for hook in app.extensions.get(EXTENSION_KEY, []):
        try:
            hook()
        except Exception:
            log.exception("shutdown hook failed")
