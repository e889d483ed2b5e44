"""Discovery: what lets readers and crawlers find the articles (RSS feeds, sitemaps, the Google
News sitemap, robots.txt, /favicon.ico). Pages link the feeds from their head (base.html)."""

from __future__ import annotations

import re

from flask import Flask

from . import views

# Characters XML 1.0 cannot hold, not even escaped: one in a title would make a whole feed
# unreadable. (The site refuses them in forms; imported or older content may still have them.)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: object) -> str:
    """``value`` as text XML can hold (the characters it cannot are dropped)."""
    return _NOT_XML.sub("", str(value))


def init_app(app: Flask) -> None:
    """Serve the feeds, sitemaps, robots.txt and favicon."""
    app.jinja_env.filters["xml_text"] = xml_text
    app.register_blueprint(views.bp)
