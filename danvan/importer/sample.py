"""Importing into a new site replaces its sample content (the seed article with its views and
earlier vote, its two categories, the sample's visit total), so the old site's own
``tin-hoat-dong``, articles and figures take their place.

Only a site that still holds exactly the sample article, and never imported anything, loses
it: any other article means staff have started, and nothing of theirs is touched.
"""

from __future__ import annotations

from sqlalchemy import func, select

from ..content.models import Article, Category, SiteSetting
from ..content.sample import LEGACY_VISITS, MARKER, read_sample_article
from ..extensions import db
from ..stats.figures import LEGACY_TOTAL_KEY
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
    db.session.delete(article)  # its earlier vote goes with it (ON DELETE CASCADE)
    db.session.flush()
    # The sample's visit total too, unless staff set another: the old site's own comes later.
    total = db.session.get(SiteSetting, LEGACY_TOTAL_KEY)
    if total is not None and total.value == str(LEGACY_VISITS):
        db.session.delete(total)
    for slug in SAMPLE_CATEGORIES:
        category = db.session.scalars(select(Category).where(Category.slug == slug)).first()
        if category is not None:
            db.session.delete(category)
            db.session.flush()
    run.report.notes.append("Đã thay nội dung mẫu (bài viết mẫu và hai chuyên mục của nó).")
    run.commit()
