"""Redirect targets that cannot leave the site."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from werkzeug.datastructures import MultiDict

MAX_TARGET = 2000


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None (no open redirects)."""
    if not target or len(target) > MAX_TARGET:
        return None
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def with_query(path: str, args: MultiDict[str, str]) -> str:
    """``path`` with the request's query string ``args`` re-encoded onto it (a 301 that keeps
    ``?print=1``).

    ``path`` is the site's own; the query is rebuilt from the parsed pairs, every reserved
    character percent-encoded, so nothing in it can become a scheme, a host or another path,
    and a query longer than ``MAX_TARGET`` is dropped rather than sent on.
    """
    query = urlencode(list(args.items(multi=True)))
    if not query or len(query) > MAX_TARGET:
        return path
    return f"{path}?{query}"
