"""Where an article lives on the public site: ``/tin-tuc/<slug>-<id>``.

Features that link to an article (the site's pages, the vote's redirect, feeds) ask here, so
none of them needs to import the public pages' views.
"""

from __future__ import annotations

from typing import Protocol

from flask import url_for

from ..core.hosts import canonical_url_for


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
