from datetime import UTC, datetime

import pytest

from danvan.core.clock import VIETNAM
from danvan.core.formatting import date_line, php_average, thousands
from danvan.core.text import plain_text, sanitize_html, slugify


def test_date_line_matches_the_original_page():
    # 24/01/2021 23:12 in Vietnam is 16:12 UTC.
    assert date_line(datetime(2021, 1, 24, 16, 12, tzinfo=UTC)) == "Chủ nhật - 24/01/2021 23:12"


@pytest.mark.parametrize(
    ("day", "weekday"),
    [
        (25, "Thứ hai"),
        (26, "Thứ ba"),
        (27, "Thứ tư"),
        (28, "Thứ năm"),
        (29, "Thứ sáu"),
        (30, "Thứ bảy"),
        (31, "Chủ nhật"),
    ],
)
def test_weekday_names(day, weekday):
    assert date_line(datetime(2021, 1, day, 8, 0, tzinfo=VIETNAM)).startswith(weekday + " - ")


def test_date_line_crosses_midnight_in_vietnam_time():
    # 17:30 UTC on Saturday is 00:30 on Sunday in Vietnam.
    assert date_line(datetime(2021, 1, 23, 17, 30, tzinfo=UTC)) == "Chủ nhật - 24/01/2021 00:30"


def test_thousands_use_commas():
    assert thousands(5729) == "5,729"
    assert thousands(1271915) == "1,271,915"
    assert thousands(0) == "0"


@pytest.mark.parametrize(
    ("total", "count", "shown"),
    [
        (4, 1, "4"),
        (9, 2, "4.5"),
        (0, 0, "0"),
        (13, 3, "4.3"),
        # 4.25 and 4.35: PHP rounds half up, Python's round() would give 4.2 and 4.4 here.
        (17, 4, "4.3"),
        (87, 20, "4.4"),
        (5, 1, "5"),
    ],
)
def test_average_prints_like_php(total, count, shown):
    assert php_average(total, count) == shown


def test_slugify_vietnamese_title():
    title = "CẢ HỆ THỐNG CHÍNH TRỊ CỦA TỈNH TIẾP TỤC LÀM TỐT CÔNG TÁC DÂN VẬN TRONG GIAI ĐOẠN MỚI"
    assert slugify(title) == (
        "ca-he-thong-chinh-tri-cua-tinh-tiep-tuc-lam-tot-cong-tac-dan-van-trong-giai-doan-moi"
    )
    assert slugify("Đảng và Nhân dân") == "dang-va-nhan-dan"
    assert slugify("!!!") == "bai-viet"
    assert len(slugify("từ " * 100)) <= 100


def test_sanitize_removes_everything_that_runs():
    dirty = (
        '<p onclick="x()">Hi<script>alert(1)</script></p><a href="javascript:alert(1)">x</a>'
        "<img src=x onerror=alert(1)><svg><script>alert(1)</script></svg>"
        '<p style="background:url(javascript:alert(1))">s</p><iframe src="//e"></iframe>'
    )
    clean = sanitize_html(dirty)
    for bad in ("script", "onclick", "onerror", "javascript:", "style=", "iframe", "svg"):
        assert bad not in clean
    assert "<p>Hi</p>" in clean


def test_sanitize_keeps_structure_and_marks_links():
    clean = sanitize_html('<h2>T</h2><p><a href="https://danvan.vn">x</a></p>')
    assert "<h2>T</h2>" in clean
    assert 'href="https://danvan.vn"' in clean and 'rel="noopener noreferrer"' in clean


def test_plain_text():
    assert plain_text("<p>Một  là,</p>\n<p>hai</p>") == "Một là, hai"
