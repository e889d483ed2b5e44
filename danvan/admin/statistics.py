"""Daily site visits for staff (``/quan-tri/thong-ke/``): an SVG chart, its table and a CSV,
from the statistics' daily aggregates."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from ..core.clock import vietnam_today
from ..extensions import db
from ..stats.models import METRIC_PAGE_VIEWS, METRIC_VISITS, DailyCount
from .blueprint import bp, staff_page
from .charts import daily_bars
from .downloads import csv_response

CHART_DAYS = 30
SERIES = ("Lượt truy cập", "Lượt xem trang")


def daily_figures(days: int = CHART_DAYS) -> list[tuple[date, int, int]]:
    """``(day, visits, page views)`` for the last ``days`` Vietnam days, today included."""
    today = vietnam_today()
    first = today - timedelta(days=days - 1)
    found: dict[tuple[date, str], int] = {
        (day, metric): value
        for day, metric, value in db.session.execute(
            select(DailyCount.day, DailyCount.metric, DailyCount.value).where(
                DailyCount.day >= first,
                DailyCount.day <= today,
                DailyCount.metric.in_((METRIC_VISITS, METRIC_PAGE_VIEWS)),
            )
        )
    }
    return [
        (day, found.get((day, METRIC_VISITS), 0), found.get((day, METRIC_PAGE_VIEWS), 0))
        for day in (first + timedelta(days=offset) for offset in range(days))
    ]


@bp.get("/thong-ke/")
def statistics():
    """Visits and page views per day for the last 30 days: an SVG chart and its table."""
    figures = daily_figures()
    chart = daily_bars(
        [day for day, _, _ in figures],
        [[visits for _, visits, _ in figures], [views for _, _, views in figures]],
        list(SERIES),
    )
    return staff_page(
        "admin/statistics.html",
        figures=figures,
        chart=chart,
        series=SERIES,
        total_visits=sum(f[1] for f in figures),
        total_views=sum(f[2] for f in figures),
    )


@bp.get("/thong-ke.csv")
def statistics_csv():
    """The chart's figures as CSV."""
    rows: list[list[object]] = [["ngay", "luot_truy_cap", "luot_xem_trang"]]
    rows += [[day.isoformat(), visits, views] for day, visits, views in daily_figures()]
    return csv_response(rows, "thong-ke-30-ngay.csv")
