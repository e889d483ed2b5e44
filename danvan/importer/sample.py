"""Importing into a new site replaces its sample content (the seed article and its two
categories), so the old site's own ``tin-hoat-dong`` and its articles take their place.

Only a site that still holds exactly the sample article, and never imported anything, loses
it: any other article means staff have started, and nothing of theirs is touched.
"""

from __future__ import annotations

from sqlalchemy import func, select

from ..content.models import Article, Category, SiteSetting
from ..content.sample import MARKER, read_sample_article
from ..extensions import db
from . import articles
from .run import Run

SAMPLE_CATEGORIES = ("tin-hoat-dong", "tin-tuc")


def replace_sample_content(run: Run) -> None:
    """Delete the sample article and its categories when the site has nothing else yet."""
    if run.mapped(articles.KIND) or db.session.get(SiteSetting, MARKER) is None:
        return
    if db.session.scalar(select(func.count()).select_from(Article)) != 1:
        return
    article = db.session.scalars(select(Article)).one()
    if article.title != read_sample_article()[0]:
        return
    db.session.delete(article)
    db.session.flush()
    for slug in SAMPLE_CATEGORIES:
        category = db.session.scalars(select(Category).where(Category.slug == slug)).first()
        if category is not None:
            db.session.delete(category)
            db.session.flush()
    run.report.notes.append("Đã thay nội dung mẫu (bài viết mẫu và hai chuyên mục của nó).")
    run.commit()
