"""Seed a demonstration site at a provincial committee's real size (``flask seed-demo``).

Tens of thousands of articles over ten years in forty nested categories, with tags, lead
images, a few drafts and scheduled articles, so every list, feed, sitemap and search can be
measured at the size it will meet (``python -m bench.scale``). Rows are written with bulk
INSERTs in batches (one statement per few thousand rows), not one ORM object at a time: 50,000
articles take about a minute on SQLite.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from html import escape

from sqlalchemy import func, insert, select, text

from ..content.models import Article, ArticleStatus, Category, Tag, article_tags
from ..core.caches import ARTICLE, CATEGORY, forget
from ..core.clock import utcnow
from ..core.text import slugify
from ..extensions import db
from ..search.index import rebuild_index, refresh_statistics
from . import text as words

BATCH = 2_000
YEARS = 10


@dataclass(frozen=True)
class SeedReport:
    """What one run added."""

    articles: int
    categories: int
    tags: int
    images: int


def ensure_categories() -> tuple[list[int], list[int]]:
    """The forty demonstration categories (made when missing): top-level ids, leaf ids."""
    existing = {slug: id_ for id_, slug in db.session.execute(select(Category.id, Category.slug))}
    tops, leaves = [], []
    for order, (section, children) in enumerate(words.SECTIONS, start=1):
        top = _category(existing, section, None, order * 10 + 100)
        tops.append(top)
        for child_order, child in enumerate(children, start=1):
            leaves.append(_category(existing, child, top, child_order * 10))
    db.session.flush()
    return tops, leaves


def _category(existing: dict[str, int], name: str, parent: int | None, order: int) -> int:
    slug = slugify(name)
    if slug not in existing:
        category = Category(name=name, slug=slug, parent_id=parent, sort_order=order)
        db.session.add(category)
        db.session.flush()
        existing[slug] = category.id
    return existing[slug]


def ensure_tags() -> list[int]:
    """The demonstration tags (made when missing), by id."""
    existing = {slug: id_ for id_, slug in db.session.execute(select(Tag.id, Tag.slug))}
    for name in words.TAGS:
        slug = slugify(name)
        if slug not in existing:
            tag = Tag(name=name, slug=slug)
            db.session.add(tag)
            db.session.flush()
            existing[slug] = tag.id
    return [existing[slugify(name)] for name in words.TAGS]


def article_rows(
    rng: random.Random,
    first_id: int,
    count: int,
    categories: tuple[list[int], list[int]],
    names: dict[int, str],
    images: list[str],
) -> list[dict]:
    """``count`` article rows with ids from ``first_id``, oldest first over ``YEARS`` years."""
    tops, leaves = categories
    now = utcnow()
    start = now - timedelta(days=365 * YEARS)
    step = (now - timedelta(hours=1) - start) / max(count, 1)
    rows = []
    for offset in range(count):
        number = first_id + offset
        category = rng.choice(tops) if rng.random() < 0.2 else rng.choice(leaves)
        title = words.title(rng, names[category])
        body = words.paragraphs(rng, rng.randint(4, 8))
        if number % words.RARE_EVERY == 0:
            body.append(f"Đoàn công tác đã đến thăm khu du lịch {words.RARE_WORD}.")
        status, published_at = ArticleStatus.PUBLISHED.value, start + step * offset
        if rng.random() < 0.01:
            status = ArticleStatus.DRAFT.value
        elif rng.random() < 0.002:
            published_at = now + timedelta(days=rng.randint(1, 30))  # scheduled
        image = rng.choice(images) if images and rng.random() < 0.4 else None
        rows.append(
            dict(
                id=number,
                title=title,
                slug=slugify(title),
                summary=body[0].split(". ")[0] + ".",
                body_source="\n\n".join(body),
                body_html="\n".join(f"<p>{escape(p, quote=False)}</p>" for p in body),
                source=rng.choice(("Ban Dân vận Tỉnh ủy", "Hội Nông dân tỉnh", "")),
                status=status,
                published_at=published_at,
                view_count=rng.randint(0, 5_000),
                rating_enabled=True,
                category_id=category,
                image_name=image,
                image_alt=f"Ảnh minh hoạ: {title}" if image else "",
                created_at=published_at,
                updated_at=published_at,
            )
        )
    return rows


def seed_demo(
    articles: int,
    seed: int = 2026,
    images: list[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> SeedReport:
    """Add ``articles`` demonstration articles (and the categories and tags they use).

    ``images``: upload names to use as lead images. Commits once per batch.
    """
    rng = random.Random(seed)
    categories_before = db.session.scalar(select(func.count()).select_from(Category)) or 0
    tags_before = db.session.scalar(select(func.count()).select_from(Tag)) or 0
    categories = ensure_categories()
    tag_ids = ensure_tags()
    names = {id_: name for id_, name in db.session.execute(select(Category.id, Category.name))}
    db.session.commit()
    next_id = (db.session.scalar(select(func.max(Article.id))) or 0) + 1
    done = 0
    while done < articles:
        size = min(BATCH, articles - done)
        rows = article_rows(rng, next_id + done, size, categories, names, images or [])
        db.session.execute(insert(Article), rows)
        links = [
            {"article_id": row["id"], "tag_id": tag}
            for row in rows
            for tag in rng.sample(tag_ids, rng.choice((0, 0, 1, 1, 2, 3)))
        ]
        if links:
            db.session.execute(insert(article_tags), links)
        db.session.commit()
        done += size
        if progress:
            progress(done)
    # Bulk INSERTs bypass the ORM's flush, where the search index keeps itself in step.
    rebuild_index()
    db.session.commit()
    _after_bulk_insert()
    refresh_statistics()
    forget(ARTICLE)
    forget(CATEGORY)
    return SeedReport(
        articles,
        (db.session.scalar(select(func.count()).select_from(Category)) or 0) - categories_before,
        (db.session.scalar(select(func.count()).select_from(Tag)) or 0) - tags_before,
        len(images or []),
    )


def _after_bulk_insert() -> None:
    """Explicit ids bypass PostgreSQL's sequence: move it past them. Refresh the statistics
    the query planners use, so that they see the new size at once."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('articles', 'id'), "
                "(SELECT COALESCE(MAX(id), 1) FROM articles))"
            )
        )
        db.session.commit()
        db.session.execute(text("ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
    db.session.commit()
