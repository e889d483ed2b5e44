"""The articles stage: each article with its body, lead image, tags and times.

An article is read again only when it is new or its ``edittime`` differs from the one brought
over last time (the delta of a cut-over day); its figures (views, earlier votes) are the next
stage's. Times are NukeViet's Unix seconds, stored as the instants they are (shown in Vietnam
time like every time on the site).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..content.models import Article, ArticleStatus, Tag
from ..core.clock import VIETNAM, utcnow
from ..extensions import db
from . import categories, images, tags
from .bodies import Cleaned, UploadPaths, clean_body, clean_summary, clean_text
from .run import Run, timestamp

KIND = "article"
# NukeViet's statuses: 1 published, 2 scheduled ("Hẹn giờ đăng": published at its publtime,
# which the site's own publish time does here); every other one (suspended, expired, draft,
# in review...) is a draft here.
PUBLISHED = frozenset({1, 2})
ROW_COLUMNS = {
    "author": "''",
    "sourceid": "0",
    "addtime": "0",
    "publtime": "0",
    "exptime": "0",
    "archive": "0",
    "hometext": "''",
    "homeimgfile": "''",
    "homeimgalt": "''",
    "allowed_rating": "1",
}


def changed_ids(run: Run) -> list[int]:
    """The old articles that are new or edited since they were brought over, oldest first
    (one deleted here since is left out, and reported)."""
    source = run.source
    stamps = source.connection.exec_driver_sql(
        f"SELECT id, edittime FROM {source.table('rows')} ORDER BY id"
    ).all()
    mapped = run.mapped(KIND)
    # Every id at once: a few hundred kilobytes at 50,000 articles, and no IN list that
    # outgrows SQLite's limit on bound parameters.
    present = set(db.session.scalars(select(Article.id)))
    todo = []
    for old_id, edited in stamps:
        item = mapped.get(str(old_id))
        if item is None:
            todo.append(old_id)
        elif item.new_id not in present:
            # Staff deleted it here after an earlier run: their decision stands.
            run.report.skip(KIND, old_id, "đã bị xoá trên trang mới sau lần nhập trước")
        elif item.stamp == edited:
            run.report.count(KIND, "unchanged")
        else:
            todo.append(old_id)
    return todo


def import_articles(run: Run) -> None:
    """Bring over every new or edited article, a batch per transaction."""
    todo = changed_ids(run)
    source = run.source
    sources: dict[int, str] = (
        dict(
            source.connection.exec_driver_sql(
                f"SELECT sourceid, title FROM {source.table('sources')}"
            ).all()
        )
        if "sources" in source.columns
        else {}
    )
    paths = UploadPaths(source.module_data, source.domains)
    image_urls = images.image_urls(run, images.KIND)
    with run.progress("Bài viết", todo) as bar:
        batch: list[int] = []
        for old_id in bar:
            batch.append(old_id)
            if len(batch) == run.batch_size:
                _import_batch(run, batch, sources, paths, image_urls)
                batch = []
        if batch:
            _import_batch(run, batch, sources, paths, image_urls)


def _import_batch(
    run: Run, ids: list[int], sources: dict, paths: UploadPaths, image_urls: dict[str, str]
) -> None:
    source = run.source
    marks = ", ".join(str(int(i)) for i in ids)
    picked = ", ".join(
        f"r.`{name}`" if source.has("rows", name) else f"{default} AS `{name}`"
        for name, default in ROW_COLUMNS.items()
    )
    rows = source.rows(
        f"SELECT r.id, r.catid, r.edittime, r.status, r.title, r.alias, {picked}, "
        f"d.id AS detail_id, d.bodyhtml, d.sourcetext "
        f"FROM {source.table('rows')} r LEFT JOIN {source.table('detail')} d ON d.id = r.id "
        f"WHERE r.id IN ({marks}) ORDER BY r.id"
    )
    links: dict[int, list[int]] = {}
    for article_id, tag_id in source.connection.exec_driver_sql(
        f"SELECT id, tid FROM {source.table('tags_id')} WHERE id IN ({marks})"
    ):
        links.setdefault(article_id, []).append(tag_id)
    mapped = run.mapped(KIND)
    wanted = [mapped[str(i)].new_id for i in ids if str(i) in mapped]
    existing = {
        a.id: a
        for a in db.session.scalars(
            select(Article).options(selectinload(Article.tags)).where(Article.id.in_(wanted))
        )
    }
    tag_ids = {run.new_id(tags.KIND, t) for ts in links.values() for t in ts} - {None}
    tag_rows = {t.id: t for t in db.session.scalars(select(Tag).where(Tag.id.in_(tag_ids)))}

    written: list[tuple[int, Article, int]] = []
    for row in rows:
        old_id = row["id"]
        values = _values(run, row, sources, paths, image_urls.get)
        article = existing.get(run.new_id(KIND, old_id) or 0)
        with db.session.no_autoflush:
            if article is None:
                article = Article(**values)
                db.session.add(article)
                run.report.count(KIND, "created")
            else:
                for key, value in values.items():
                    setattr(article, key, value)
                run.report.count(KIND, "updated")
            new_tags = {run.new_id(tags.KIND, tid) for tid in links.get(old_id, [])}
            article.tags = sorted(
                (tag_rows[t] for t in new_tags if t in tag_rows), key=lambda tag: tag.name
            )
        written.append((old_id, article, row["edittime"]))
    # One flush for the batch: the search index (search/index.py) re-reads a flush's articles
    # together, and the ids are known from here on.
    db.session.flush()
    for old_id, article, edited in written:
        run.remember(KIND, old_id, new_id=article.id, stamp=edited)
        if run.after_article is not None:
            run.after_article(old_id)
    run.commit()


def _values(
    run: Run, row: dict, sources: dict, paths: UploadPaths, new_image: Callable[[str], str | None]
) -> dict:
    old_id = row["id"]
    report = run.report
    title = clean_text(row["title"])[:500] or f"Bài viết {old_id}"
    if row["detail_id"] is None:
        report.repair(KIND, old_id, "không có nội dung chi tiết (bảng detail): thân bài để trống")
    body: Cleaned = clean_body(row["bodyhtml"], paths, new_image)
    for repair in body.repairs:
        report.repair(KIND, old_id, repair)
    for key in body.missing_images:
        report.repair(KIND, old_id, f"thiếu tệp ảnh {key} trong thư mục ảnh cũ: bỏ ảnh")
    category_id = run.new_id(categories.KIND, row["catid"])
    if category_id is None:
        report.repair(KIND, old_id, f"chuyên mục {row['catid']} không có: để không chuyên mục")
    image_name = None
    lead = clean_text(row["homeimgfile"])
    if lead:
        # Relative to uploads/<module>/, or now and then a whole URL.
        lead_key = paths.upload_key(lead) if "://" in lead else lead.lstrip("/")
        url = new_image(lead_key) if lead_key else None
        if url is None:
            report.repair(KIND, old_id, f"thiếu tệp ảnh đại diện {lead}: bỏ ảnh đại diện")
        else:
            image_name = url.removeprefix("/uploads/")
    status = ArticleStatus.PUBLISHED if row["status"] in PUBLISHED else ArticleStatus.DRAFT
    expires = timestamp(row["exptime"])
    if status is ArticleStatus.PUBLISHED and expires is not None and expires <= utcnow():
        status = ArticleStatus.DRAFT
        report.repair(KIND, old_id, "đã hết hạn đăng trên trang cũ: để ở dạng nháp")
    elif expires is not None:
        local = expires.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")
        report.repair(
            KIND, old_id, f"hết hạn đăng lúc {local} trên trang cũ: trang mới không tự gỡ bài"
        )
    source_name = sources.get(row["sourceid"]) or row["sourcetext"] or ""
    return {
        "title": title,
        "slug": clean_text(row["alias"]).replace(" ", "-")[:500] or f"bai-viet-{old_id}",
        "summary": clean_summary(row["hometext"]),
        "body_html": body.html,
        "source": clean_text(source_name)[:300],
        "status": status.value,
        "published_at": timestamp(row["publtime"]) or timestamp(row["addtime"]),
        "rating_enabled": bool(row["allowed_rating"]),
        "category_id": category_id,
        "image_name": image_name,
        "image_alt": clean_text(row["homeimgalt"])[:300] or (title[:300] if image_name else ""),
        "created_at": timestamp(row["addtime"]) or utcnow(),
        "updated_at": timestamp(row["edittime"]) or utcnow(),
    }
