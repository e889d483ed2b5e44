"""Where an article lives on the public site: ``/tin-tuc/<slug>-<id>``.

Features that link to an article (the site's pages, the vote's redirect, feeds) ask here, so
none of them needs to import the public pages' views.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from flask import current_app, url_for

from ..core.hosts import canonical_url_for

# Stand-ins for one article's slug and id: what quoting leaves unchanged, and seen nowhere else
# in the URL the route builds from them.
_SLUG_MARK = "zqslugqz"
_ID_MARK = 2_147_483_646


class Addressable(Protocol):
    """An article, or a cached page of one: what its address is made of."""

    @property
    def id(self) -> int: ...

    @property
    def slug(self) -> str: ...


def article_url(article: Addressable, external: bool = False) -> str:
    """The path of an article (any object with ``slug`` and ``id``).

    ``external``: its canonical URL, absolute at ``DANVAN_SITE_URL`` (``danvan.core.hosts``),
    never at the request's host.
    """
    if external:
        return canonical_url_for("articles.article", slug=article.slug, article_id=article.id)
    return url_for("articles.article", slug=article.slug, article_id=article.id)


def article_url_maker(external: bool = True) -> Callable[[str, int], str]:
    """A function ``(slug, id) -> URL`` giving what ``article_url`` gives, for many articles.

    Werkzeug builds a URL in about 15 µs, so a sitemap of 50,000 articles would spend most of a
    second on it. The route builds one URL here, with stand-ins; each article's URL is then that
    URL with its slug (quoted by the rule's own converter) and id put in their place.
    """
    built = (
        canonical_url_for("articles.article", slug=_SLUG_MARK, article_id=_ID_MARK)
        if external
        else url_for("articles.article", slug=_SLUG_MARK, article_id=_ID_MARK)
    )
    before, rest = built.split(_SLUG_MARK)
    between, after = rest.split(str(_ID_MARK))
    to_url = current_app.url_map.converters["default"](current_app.url_map).to_url

    def make(slug: str, article_id: int) -> str:
        return f"{before}{to_url(slug)}{between}{article_id}{after}"

    return make
