"""How residents respond: ratings per article (reset, CSV of votes) and daily site visits.

Nothing personal leaves the site here: the votes' CSV holds stars and times only (no voter key,
no network hash), and the visits come from the daily aggregates of the statistics tables.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from flask import Response, flash, redirect, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField
from wtforms.validators import DataRequired

from . import audit
from .admin import FLASH_CATEGORY, bp, forget_article, staff_page
from .charts import daily_bars
from .extensions import db
from .formatting import local_time
from .models import Article
from .rating import STAR_TITLES, STARS, RatingSummary, RatingVote, Totals, rating_summary
from .rating_cli import reset_article
from .stats_store import METRIC_PAGE_VIEWS, METRIC_VISITS, DailyCount, local_day, now

CHART_DAYS = 30
SERIES = ("Lượt truy cập", "Lượt xem trang")


class ResetRatingForm(FlaskForm):
    """Deleting every vote of an article needs an explicit tick."""

    confirm = BooleanField("Tôi hiểu rằng mọi phiếu đánh giá của bài viết này sẽ bị xoá vĩnh viễn",
                           validators=[DataRequired("Hãy đánh dấu ô xác nhận trước khi xoá.")])


def ratings_by_article(article_ids: list[int]) -> dict[int, Totals]:
    """Totals for many articles in one query (articles without votes are left out)."""
    if not article_ids:
        return {}
    rows = db.session.scalars(
        select(RatingSummary).where(RatingSummary.article_id.in_(article_ids)))
    return {row.article_id: Totals(row.article_id, row.vote_count, row.star_sum,
                                   {stars: getattr(row, f"stars_{stars}") for stars in STARS})
            for row in rows}


def _responses_page(article: Article, form: ResetRatingForm, status: int = 200):
    totals = rating_summary(article.id)
    return staff_page("admin/responses.html", status=status, article=article, totals=totals,
                      titles=STAR_TITLES, form=form)


@bp.get("/bai-viet/<int:article_id>/phan-hoi")
def article_responses(article_id: int):
    """An article's rating: average, count, distribution, the CSV and the reset form."""
    article = db.get_or_404(Article, article_id)
    return _responses_page(article, ResetRatingForm(formdata=None))


@bp.post("/bai-viet/<int:article_id>/danh-gia/xoa")
def article_rating_reset(article_id: int):
    """Delete every vote of the article (confirmed by a tick), with an audit entry."""
    article = db.get_or_404(Article, article_id)
    form = ResetRatingForm()
    if not form.validate():
        return _responses_page(article, form, status=422)
    count = rating_summary(article.id).count
    # The entry joins reset_article's transaction: the votes go and the entry stays together.
    audit.record("rating.reset", "article", article.id, f"{article.title}: {count} phiếu")
    removed = reset_article(article.id)
    forget_article(article.id)
    flash(f"Đã xoá {removed} phiếu đánh giá.", FLASH_CATEGORY)
    return redirect(url_for("admin.article_responses", article_id=article.id), code=303)


def csv_response(rows: list[list[object]], filename: str) -> Response:
    """A UTF-8 CSV download (with a byte-order mark, so spreadsheet programs read Vietnamese)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return Response(buffer.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/bai-viet/<int:article_id>/danh-gia.csv")
def article_votes_csv(article_id: int):
    """The article's votes: stars and times only, oldest first."""
    article = db.get_or_404(Article, article_id)
    votes = db.session.execute(
        select(RatingVote.stars, RatingVote.previous_stars, RatingVote.created_at,
               RatingVote.updated_at)
        .where(RatingVote.article_id == article.id)
        .order_by(RatingVote.created_at, RatingVote.id)).all()
    rows: list[list[object]] = [["so_sao", "so_sao_truoc_khi_doi", "danh_gia_luc", "cap_nhat_luc"]]
    rows += [[stars, "" if previous is None else previous,
              local_time(created).isoformat(timespec="seconds"),
              local_time(updated).isoformat(timespec="seconds")]
             for stars, previous, created, updated in votes]
    return csv_response(rows, f"danh-gia-bai-viet-{article.id}.csv")


def daily_figures(days: int = CHART_DAYS) -> list[tuple[date, int, int]]:
    """``(day, visits, page views)`` for the last ``days`` Vietnam days, today included."""
    today = local_day(now())
    first = today - timedelta(days=days - 1)
    found: dict[tuple[date, str], int] = {
        (day, metric): value for day, metric, value in db.session.execute(
            select(DailyCount.day, DailyCount.metric, DailyCount.value)
            .where(DailyCount.day >= first, DailyCount.day <= today,
                   DailyCount.metric.in_((METRIC_VISITS, METRIC_PAGE_VIEWS))))}
    return [(day, found.get((day, METRIC_VISITS), 0), found.get((day, METRIC_PAGE_VIEWS), 0))
            for day in (first + timedelta(days=offset) for offset in range(days))]


@bp.get("/thong-ke/")
def statistics():
    """Visits and page views per day for the last 30 days: an SVG chart and its table."""
    figures = daily_figures()
    chart = daily_bars([day for day, _, _ in figures],
                       [[visits for _, visits, _ in figures], [views for _, _, views in figures]],
                       list(SERIES))
    return staff_page("admin/statistics.html", figures=figures, chart=chart, series=SERIES,
                      total_visits=sum(f[1] for f in figures),
                      total_views=sum(f[2] for f in figures))


@bp.get("/thong-ke.csv")
def statistics_csv():
    """The chart's figures as CSV."""
    rows: list[list[object]] = [["ngay", "luot_truy_cap", "luot_xem_trang"]]
    rows += [[day.isoformat(), visits, views] for day, visits, views in daily_figures()]
    return csv_response(rows, "thong-ke-30-ngay.csv")
