"""Helpers that read HTML the way a browser would, for assertions about markup."""

from __future__ import annotations

import json
from html.parser import HTMLParser


class MarkupAudit(HTMLParser):
    """Collects what a strict Content-Security-Policy would block or what tests look for."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inline_scripts: list[str] = []
        self.inline_styles: list[str] = []
        self.json_ld: list[dict] = []
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.scripts: list[dict[str, str | None]] = []
        self.html_lang: str | None = None
        self._in_script: dict[str, str | None] | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name == "style":
                self.inline_styles.append(f"<{tag} style={value!r}>")
            if name.startswith("on"):
                self.inline_scripts.append(f"<{tag} {name}={value!r}>")
            if value and value.strip().lower().startswith("javascript:"):
                self.inline_scripts.append(f"<{tag} {name}={value!r}>")
        if tag == "html":
            self.html_lang = attributes.get("lang")
        if tag == "style":
            self.inline_styles.append("<style>")
        if tag == "meta":
            key = attributes.get("name") or attributes.get("property")
            if key:
                self.meta[key] = attributes.get("content") or ""
        if tag == "link" and attributes.get("rel"):
            self.links[attributes["rel"]] = attributes.get("href") or ""
        if tag == "script":
            self.scripts.append(attributes)
            self._in_script = attributes
            self._script_text = []

    def handle_data(self, data):
        if self._in_script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script is not None:
            body = "".join(self._script_text).strip()
            if self._in_script.get("type") == "application/ld+json":
                # A data block: never executed, so CSP does not apply; it must be valid JSON.
                self.json_ld.append(json.loads(body))
            elif body or not self._in_script.get("src"):
                self.inline_scripts.append(f"<script>{body[:60]}")
            self._in_script = None


def audit(html: str) -> MarkupAudit:
    """Parse ``html`` and return what was found."""
    parser = MarkupAudit()
    parser.feed(html)
    parser.close()
    return parser
