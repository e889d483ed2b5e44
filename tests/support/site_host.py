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
