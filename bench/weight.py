"""First-load weight of a page: bytes and number of requests of everything a browser fetches."""

from __future__ import annotations

import gzip
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from bench.load import BROWSER_UA

CHROMIUM = "/usr/bin/chromium"


@dataclass
class Weight:
    """Transfer sizes of one page load, by resource."""

    how: str
    resources: list[tuple[str, str, int]] = field(default_factory=list)  # (kind, url, bytes)

    @property
    def total_bytes(self) -> int:
        return sum(size for _, _, size in self.resources)

    @property
    def requests(self) -> int:
        return len(self.resources)


def measure_in_browser(url: str) -> Weight:
    """Load ``url`` in headless Chromium with an empty cache and add up every response."""
    from playwright.sync_api import sync_playwright

    weight = Weight("Chromium (Playwright), empty cache, bytes on the wire incl. headers")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page()
        finished = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(300)
        for request in finished:
            sizes = request.sizes()
            size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
            weight.resources.append((request.resource_type, request.url, size))
        browser.close()
    return weight


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src"):
            self.urls.append(("script", attributes["src"]))
        elif (
            tag == "link"
            and attributes.get("rel") in {"stylesheet", "icon"}
            and attributes.get("media") != "print"
        ):
            self.urls.append((attributes["rel"], attributes["href"]))
        elif tag == "img" and attributes.get("src"):
            self.urls.append(("image", attributes["src"]))


def measure_by_parsing(url: str) -> Weight:
    """Without a browser: fetch the page and what its HTML references, gzip-accepting."""
    weight = Weight("HTML parsed (no browser): page + scripts, styles, icon, images; bodies only")

    def fetch(address: str) -> bytes:
        request = urllib.request.Request(
            address, headers={"User-Agent": BROWSER_UA, "Accept-Encoding": "gzip"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read()

    html = fetch(url)
    weight.resources.append(("document", url, len(html)))
    parser = _Assets()
    text = gzip.decompress(html).decode() if html[:2] == b"\x1f\x8b" else html.decode()
    parser.feed(text)
    for kind, address in parser.urls:
        absolute = urljoin(url, address)
        weight.resources.append((kind, absolute, len(fetch(absolute))))
    return weight


def measure(url: str) -> Weight:
    """In a real browser when Chromium and Playwright are here, else by parsing the HTML."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return measure_by_parsing(url)
    if not Path(CHROMIUM).exists():
        return measure_by_parsing(url)
    return measure_in_browser(url)
