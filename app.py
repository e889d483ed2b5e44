"""Run the site: ``python app.py [--host H] [--port P] [--threads N]``.

On start it applies pending migrations, loads the sample content into an empty database and
serves with waitress. Ctrl-C and SIGTERM stop it cleanly.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys

from danvan import ConfigError, create_app
from danvan.database import upgrade_schema
from danvan.sample_content import load_sample_content

log = logging.getLogger("danvan.server")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options; each falls back to its DANVAN_* variable, then to the default."""
    parser = argparse.ArgumentParser(description="Chạy trang Ban Dân vận (waitress).")
    parser.add_argument("--host", help="địa chỉ lắng nghe (DANVAN_HOST, mặc định 0.0.0.0)")
    parser.add_argument("--port", type=int, help="cổng (DANVAN_PORT, mặc định 8080)")
    parser.add_argument("--threads", type=int, help="số luồng waitress (DANVAN_THREADS)")
    return parser.parse_args(argv)


def _stop_on_sigterm(signum, frame) -> None:
    # waitress stops cleanly on KeyboardInterrupt; make SIGTERM (systemd, docker) do the same.
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Prepare the database and serve until interrupted. Returns the process exit code."""
    args = parse_args(argv)
    overrides = {key: value for key, value in
                 (("HOST", args.host), ("PORT", args.port), ("THREADS", args.threads))
                 if value is not None}
    try:
        app = create_app(overrides)
    except ConfigError as error:
        print(f"Cấu hình không hợp lệ: {error}", file=sys.stderr)
        return 2

    with app.app_context():
        try:
            upgrade_schema()
            if load_sample_content():
                log.info("sample content loaded into the new database")
        except Exception as error:  # a start that cannot reach its database says so in one line
            print(f"Không mở được cơ sở dữ liệu: {str(error).splitlines()[0]}", file=sys.stderr)
            return 3

    from waitress import serve

    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    host, port, threads = app.config["HOST"], app.config["PORT"], app.config["THREADS"]
    log.info("serving on http://%s:%s with %s threads (pid %s)", host, port, threads, os.getpid())
    with contextlib.suppress(KeyboardInterrupt):
        serve(app, host=host, port=port, threads=threads, ident="danvan")
    log.info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
