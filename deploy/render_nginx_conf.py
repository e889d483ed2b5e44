"""Fill in deploy/nginx.conf's placeholders: ``python deploy/render_nginx_conf.py --help``.

Prints the file with every ``{{PLACEHOLDER}}`` substituted; ``--tls DIR`` (a Let's Encrypt
folder holding fullchain.pem and privkey.pem) turns on the ``#TLS`` lines and listens on 443,
without it they are dropped and the site is served over plain HTTP. Standard library only, so an
operator can run it with any Python 3.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx.conf")
CHECKOUT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")
TLS_PREFIX = "#TLS "
TLS_ONLY = frozenset({"CERTIFICATE", "CERTIFICATE_KEY"})


def placeholders(text: str) -> set[str]:
    """The placeholder names ``text``'s directives use (comments name them too; those stay)."""
    return {
        name
        for line in text.splitlines()
        if not _comment(line)
        for name in PLACEHOLDER.findall(line)
    }


def _comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def render(values: dict[str, str], tls: bool = False, template: str | None = None) -> str:
    """The configuration with ``values`` substituted; the ``#TLS`` lines kept when ``tls``.

    Raises ValueError naming any placeholder without a value, or any value without a placeholder
    (a misspelt name would otherwise leave a ``{{...}}`` in the file for nginx to choke on).
    """
    text = TEMPLATE.read_text(encoding="utf-8") if template is None else template
    lines = []
    for line in text.splitlines(keepends=True):
        if line.startswith(TLS_PREFIX):
            if not tls:
                continue
            line = line[len(TLS_PREFIX) :]
        lines.append(line)
    text = "".join(lines)
    wanted = placeholders(text)
    missing = wanted - values.keys()
    unknown = values.keys() - wanted - (set() if tls else TLS_ONLY)
    if missing or unknown:
        raise ValueError(f"missing: {sorted(missing)}, unknown: {sorted(unknown)}")
    return "".join(
        line if _comment(line) else PLACEHOLDER.sub(lambda match: values[match.group(1)], line)
        for line in text.splitlines(keepends=True)
    )


def main(argv: list[str] | None = None) -> int:
    """Print the rendered configuration; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server-name", required=True, help="the site's host names, spaced")
    parser.add_argument("--upstream", default="127.0.0.1:8080", help="python app.py's address")
    parser.add_argument(
        "--compressor", default="127.0.0.1:8081", help="a free loopback address, nginx's own"
    )
    parser.add_argument("--checkout", default=str(CHECKOUT), help="this checkout's folder")
    parser.add_argument("--cache-dir", default="/var/cache/nginx/danvan")
    parser.add_argument("--access-log", default="/var/log/nginx/danvan.access.log")
    parser.add_argument("--listen", help="default: 443 ssl http2 with --tls, else 80")
    parser.add_argument("--tls", metavar="DIR", help="folder with fullchain.pem and privkey.pem")
    args = parser.parse_args(argv)
    values = {
        "SERVER_NAME": args.server_name,
        "UPSTREAM": args.upstream,
        "COMPRESSOR": args.compressor,
        "CHECKOUT": args.checkout,
        "CACHE_DIR": args.cache_dir,
        "ACCESS_LOG": args.access_log,
        "LISTEN": args.listen or ("443 ssl http2" if args.tls else "80"),
    }
    if args.tls:
        values["CERTIFICATE"] = str(Path(args.tls) / "fullchain.pem")
        values["CERTIFICATE_KEY"] = str(Path(args.tls) / "privkey.pem")
    sys.stdout.write(render(values, tls=bool(args.tls)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
