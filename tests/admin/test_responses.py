"""The staff area: an article's rating for staff, and the daily statistics."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from danvan.core.clock import local_day
from danvan.core.clock import utcnow as now
from danvan.extensions import db
from danvan.rating.models import RatingSummary, RatingVote
from danvan.staff.audit import AuditEntry
from danvan.stats.models import DailyCount
from tests.support.html_checks import audit
from tests.support.publishing import (
    count,
    sample_article_id,
)
from tests.support.staff import staff_csrf

# These tests count this site's own votes from zero.
pytestmark = pytest.mark.usefixtures("sample_without_figures")


def add_votes(app, article_id: int, stars: list[int]) -> None:
    from danvan.rating.votes import record_vote

    with app.test_request_context():
        for number, value in enumerate(stars):
            record_vote(article_id, f"visitor:test{number}", value, f"10.0.0.{number}", 1000)


def test_the_responses_page_shows_the_distribution(app, editor):
    article_id = sample_article_id(app)
    add_votes(app, article_id, [5, 5, 4, 1])
    body = editor.get(f"/quan-tri/bai-viet/{article_id}/phan-hoi").get_data(as_text=True)
    assert "Tổng số điểm của bài viết là: 15 trong 4 đánh giá" in body
    assert "Xếp hạng: 3.8 - 4 phiếu bầu" in body
    assert 'value="2"' in body  # two five-star votes on the meter
    dashboard = editor.get("/quan-tri/").get_data(as_text=True)
    assert "3.8 (4 phiếu)" in dashboard


def test_the_votes_csv_has_stars_and_times_only(app, editor):
    article_id = sample_article_id(app)
    add_votes(app, article_id, [3, 4])
    response = editor.get(f"/quan-tri/bai-viet/{article_id}/danh-gia.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["so_sao", "so_sao_truoc_khi_doi", "danh_gia_luc", "cap_nhat_luc"]
    assert sorted(row[0] for row in rows[1:]) == ["3", "4"]
    assert "visitor:" not in text and "10.0.0" not in text
    with app.app_context():
        hashes = list(db.session.scalars(select(RatingVote.ip_hash)))
    assert all(value not in text for value in hashes)


def test_only_an_admin_may_reset_an_article_s_votes(app, editor):
    article_id = sample_article_id(app)
    add_votes(app, article_id, [5, 2])
    page = editor.get(f"/quan-tri/bai-viet/{article_id}/phan-hoi").text
    assert "Chỉ quản trị viên mới được xoá đánh giá" in page and "danh-gia/xoa" not in page
    response = editor.post(
        f"/quan-tri/bai-viet/{article_id}/danh-gia/xoa",
        data={"csrf_token": staff_csrf(editor), "confirm": "y"},
    )
    assert response.status_code == 403
    assert "Chỉ quản trị viên mới được làm việc này." in response.text
    assert count(app, RatingVote) == 2


def test_reset_needs_the_confirmation_tick(app, admin):
    editor = admin  # the checks below are the admin's
    article_id = sample_article_id(app)
    add_votes(app, article_id, [5, 2])
    token = staff_csrf(editor)
    response = editor.post(
        f"/quan-tri/bai-viet/{article_id}/danh-gia/xoa", data={"csrf_token": token}
    )
    assert response.status_code == 422
    assert "Hãy đánh dấu ô xác nhận trước khi xoá." in response.get_data(as_text=True)
    assert count(app, RatingVote) == 2
    response = editor.post(
        f"/quan-tri/bai-viet/{article_id}/danh-gia/xoa", data={"csrf_token": token, "confirm": "y"}
    )
    assert response.status_code == 303
    assert count(app, RatingVote) == 0 and count(app, RatingSummary) == 0
    assert "Đã xoá 2 phiếu đánh giá." in editor.get(response.headers["Location"]).get_data(
        as_text=True
    )
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry))
        assert (entry.action, entry.target_id, entry.username) == (
            "rating.reset",
            str(article_id),
            "quantri",
        )
        assert entry.detail.endswith("2 phiếu")


def test_statistics_chart_and_csv_show_the_last_30_days(app, editor):
    from danvan.core.database import add_to_counters

    today = local_day(now())
    yesterday = today - timedelta(days=1)  # today also counts this test's own page views
    with app.app_context():
        add_to_counters(DailyCount, {"day": yesterday, "metric": "visits"}, {"value": 7})
        add_to_counters(DailyCount, {"day": yesterday, "metric": "page_views"}, {"value": 19})
        add_to_counters(
            DailyCount, {"day": today - timedelta(days=3), "metric": "visits"}, {"value": 2}
        )
        add_to_counters(
            DailyCount, {"day": today - timedelta(days=30), "metric": "visits"}, {"value": 1000}
        )  # 31 days ago: outside the window
        db.session.commit()
    body = editor.get("/quan-tri/thong-ke/").get_data(as_text=True)
    assert "<svg" in body and body.count('class="chart__bar ') == 60
    assert f"{yesterday:%d/%m}: Lượt xem trang 19" in body
    assert f"{yesterday:%d/%m}: Lượt truy cập 7" in body
    assert audit(body).inline_styles == []
    rows = list(
        csv.reader(
            io.StringIO(
                editor.get("/quan-tri/thong-ke.csv").get_data(as_text=True).lstrip("\ufeff")
            )
        )
    )
    assert rows[0] == ["ngay", "luot_truy_cap", "luot_xem_trang"]
    assert len(rows) == 31 and rows[-2] == [yesterday.isoformat(), "7", "19"]
    assert rows[-1][0] == today.isoformat()
    assert "1000" not in [row[1] for row in rows]
    assert rows[1][0] == (today - timedelta(days=29)).isoformat()
