"""The figures stage: each article's views and earlier votes, and the site's visit total.

Views are added, not set: the new site counts its own readers from the first day, so a run
adds what the old site counted since the last run (``hitstotal`` minus the figure remembered
for that article), in one relative update. The earlier votes (``click_rating`` votes adding to
``total_rating``) are the old site's, so they are set, beside this site's own votes
(``rating_summaries.earlier_*``). The visit total is NukeViet's ``counter`` row
``total``/``hits``, kept as the statistics block's earlier total (``stats.legacy_total``).
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, bindparam, select, update

from ..content.models import Article
from ..core.database import dialect_insert
from ..extensions import db
from ..rating.models import RatingSummary
from ..stats.figures import legacy_total, set_legacy_total
from . import articles
from .run import Run

KIND = "figure"


def import_figures(run: Run) -> None:
    """Carry every imported article's views and earlier votes, then the visit total."""
    source = run.source
    mapped = run.mapped(articles.KIND)
    rows = source.connection.exec_driver_sql(
        f"SELECT id, hitstotal, total_rating, click_rating FROM {source.table('rows')}"
    ).all()
    earlier = {
        row.article_id: (row.earlier_count, row.earlier_sum)
        for row in db.session.execute(
            select(RatingSummary.article_id, RatingSummary.earlier_count, RatingSummary.earlier_sum)
        )
    }
    present = set(db.session.scalars(select(Article.id)))
    articles_table = cast(Table, Article.__table__)
    view_updates = []
    rating_updates = []
    with run.progress("Số liệu", rows) as bar:
        for old_id, hits, stars, votes in bar:
            item = mapped.get(str(old_id))
            if item is None or item.new_id not in present:
                continue  # not brought over, or deleted here since
            changed = False
            if hits != item.figure:
                view_updates.append({"b_id": item.new_id, "delta": hits - item.figure})
                run.remember(articles.KIND, old_id, figure=hits)
                changed = True
            if votes < 0 or stars < 0 or stars > 5 * votes or (votes and stars < votes):
                run.report.repair(
                    articles.KIND, old_id, f"điểm đánh giá không hợp lệ ({stars} / {votes}): bỏ"
                )
                votes = stars = 0
            if earlier.get(item.new_id, (0, 0)) != (votes, stars):
                rating_updates.append(
                    {"article_id": item.new_id, "earlier_count": votes, "earlier_sum": stars}
                )
                changed = True
            run.report.count(KIND, "updated" if changed else "unchanged")
    if view_updates:
        db.session.execute(
            update(articles_table)
            .where(articles_table.c.id == bindparam("b_id"))
            .values(view_count=articles_table.c.view_count + bindparam("delta")),
            view_updates,
        )
    if rating_updates:
        statement = dialect_insert(RatingSummary.__table__)
        db.session.execute(
            statement.on_conflict_do_update(
                index_elements=["article_id"],
                set_={
                    "earlier_count": statement.excluded.earlier_count,
                    "earlier_sum": statement.excluded.earlier_sum,
                },
            ),
            rating_updates,
        )
    run.commit()
    _visit_total(run)


def _visit_total(run: Run) -> None:
    source = run.source
    total = source.connection.exec_driver_sql(
        f"SELECT c_count FROM {source.global_table('counter')} "
        "WHERE c_type = 'total' AND c_val = 'hits'"
    ).scalar()
    if total is None:
        run.report.repair(KIND, "counter", "không có tổng lượt truy cập (bảng counter)")
        return
    if legacy_total() == total:
        run.report.count(KIND, "unchanged")
        return
    run.report.count(KIND, "updated")
    run.report.notes.append(f"Tổng lượt truy cập của trang cũ: {total:,}")
    if not run.dry_run:
        set_legacy_total(int(total))
