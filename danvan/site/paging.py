"""One page of a list of articles, read in two steps so that page 500 costs what page 1 does.

A list query (home, category, tag) selects and orders whole articles. Running it with an
OFFSET makes the database sort every matching row with all its columns, bodies included (on
SQLite, bodies spill into overflow pages): 0.3 s for page 500 of a category at 50,000
articles. So the ids of the page are found first, from the query's own index alone, and then
only those ten articles are read, without their bodies, with their lead images.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from sqlalchemy import Select, func, select
from sqlalchemy.orm import defer, selectinload

from ..content.models import Article
from ..extensions import db


class PageNumbers:
    """What a pager needs of page ``page`` of ``total`` items, ``per_page`` at a time (the
    names Flask-SQLAlchemy's pagination uses, which the pager templates read)."""

    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


@dataclass(frozen=True)
class ListPage(PageNumbers):
    """Page ``page`` of ``total`` articles, ``per_page`` at a time (the shape templates use)."""

    items: list[Article]
    page: int
    per_page: int
    total: int


def paginate_articles(query: Select[Article], number: int, per_page: int) -> ListPage | None:
    """Page ``number`` of ``query`` (a select of Article, ordered), or None past the last page
    (page 1 always exists)."""
    ids_query = query.with_only_columns(Article.id)
    total = db.session.scalar(select(func.count()).select_from(ids_query.order_by(None).subquery()))
    ids = list(db.session.scalars(ids_query.limit(per_page).offset((number - 1) * per_page)))
    if number > 1 and not ids:
        return None
    rows = db.session.scalars(
        select(Article)
        .where(Article.id.in_(ids))
        .options(defer(Article.body_html), defer(Article.body_source), selectinload(Article.image))
    )
    by_id = {article.id: article for article in rows}
    items = [by_id[article_id] for article_id in ids if article_id in by_id]
    return ListPage(items, number, per_page, total or 0)
