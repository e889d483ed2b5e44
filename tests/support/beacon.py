"""The counting beacon as a browser meets it: a page's ``<img class="beacon">``, loaded after
the page (``danvan/stats/beacon.py``). Tests that count people load it the way a browser does."""

from __future__ import annotations

import html
import re

_BEACON = re.compile(r'<img class="beacon" src="([^"]+)"')


def beacon_path(page: str) -> str | None:
    """The beacon's URL in a page's HTML, or None when the page has none."""
    match = _BEACON.search(page)
    return html.unescape(match.group(1)) if match else None


def beacon_paths(page: str) -> list[str]:
    """Every beacon URL in a page (a page must have at most one)."""
    return [html.unescape(path) for path in _BEACON.findall(page)]
