"""The ceiling: a bare Flask route served exactly as ``python app.py`` serves the site.

python -m bench.bare_server PORT THREADS WORKERS
"""

from __future__ import annotations

import sys

from flask import Flask

from danvan.ops.server import serve


def make_bare_app() -> Flask:
    """A Flask app with one route that returns two bytes."""
    app = Flask(__name__)

    @app.get("/")
    def bare():
        return "ok"

    return app


if __name__ == "__main__":
    port, threads, workers = (int(value) for value in sys.argv[1:4])
    serve(make_bare_app, "127.0.0.1", port, threads, workers)
