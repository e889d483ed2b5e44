"""Run the site: ``python app.py [--host H] [--port P] [--threads N]``.

On start it applies pending migrations, loads the sample content into an empty database and
serves with waitress, one process per core (danvan/server.py). Ctrl-C and SIGTERM stop it
cleanly.
"""

from __future__ import annotations

import argparse
import logging
import sys

from danvan import ConfigError, create_app
from danvan.content.sample import load_sample_content
from danvan.core.database import upgrade_schema
from danvan.ops.server import default_workers, serve

log = logging.getLogger("danvan.server")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options; each falls back to its DANVAN_* variable, then to the default."""
    parser = argparse.ArgumentParser(description="Chạy trang Ban Dân vận (waitress).")
    parser.add_argument("--host", help="địa chỉ lắng nghe (DANVAN_HOST, mặc định 0.0.0.0)")
    parser.add_argument("--port", type=int, help="cổng (DANVAN_PORT, mặc định 8080)")
    parser.add_argument("--threads", type=int, help="số luồng mỗi tiến trình (DANVAN_THREADS)")
    parser.add_argument(
        "--workers", type=int, help="số tiến trình; 0 = mỗi nhân một tiến trình (DANVAN_WORKERS)"
    )
    return parser.parse_args(argv)


def prepare_database(app) -> None:
    """Apply pending migrations and load the sample content into an empty database."""
    from danvan.extensions import db

    with app.app_context():
        upgrade_schema()
        if load_sample_content():
            log.info("sample content loaded into the new database")
        # Workers open their own connections; none may be shared across fork().
        db.engine.dispose()


def main(argv: list[str] | None = None) -> int:
    """Prepare the database and serve until interrupted. Returns the process exit code."""
    args = parse_args(argv)
    overrides = {
        key: value
        for key, value in (
            ("HOST", args.host),
            ("PORT", args.port),
            ("THREADS", args.threads),
            ("WORKERS", args.workers),
        )
        if value is not None
    }
    try:
        app = create_app(overrides)
    except ConfigError as error:
        print(f"Cấu hình không hợp lệ: {error}", file=sys.stderr)
        return 2
    try:
        prepare_database(app)
    except Exception as error:  # a start that cannot reach its database says so in one line
        print(f"Không mở được cơ sở dữ liệu: {str(error).splitlines()[0]}", file=sys.stderr)
        return 3

    config = app.config
    workers = config["WORKERS"] or default_workers()
    try:
        serve(
            lambda: create_app(overrides),
            config["HOST"],
            config["PORT"],
            config["THREADS"],
            workers,
        )
    except OSError as error:
        print(f"Không mở được cổng {config['PORT']}: {error.strerror}", file=sys.stderr)
        return 4
    return 0


if __name__ == "__main__":
    sys.exit(main())
