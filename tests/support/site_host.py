"""A test client for a site that knows its address (``DANVAN_SITE_URL``)."""

from __future__ import annotations

SITE = "https://danvan.example.gov.vn"
SITE_HOST = "danvan.example.gov.vn"


class SiteClient:
    """GETs for the site's own host (any other is refused when DANVAN_SITE_URL is set)."""

    def __init__(self, client) -> None:
        self.client = client

    def get(self, path: str, **kwargs):
        return self.client.get(path, headers={"Host": SITE_HOST}, **kwargs)


def at_site(client, site: str = SITE):
    """``client``, asking for ``site`` (DANVAN_SITE_URL) by default and sending the Referer
    Flask-WTF wants of a form posted over HTTPS."""
    original = client.open

    def open_at_site(*args, **kwargs):
        kwargs.setdefault("base_url", site)
        kwargs.setdefault("headers", {"Referer": site + "/"})
        return original(*args, **kwargs)

    client.open = open_at_site
    return client
