"""How numbers and times are shown to residents, matching the page NukeViet served."""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from .clock import local_time

# Monday is 0, as datetime.weekday() counts.
WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")


def date_line(moment: datetime) -> str:
    """The article date line, e.g. ``Chủ nhật - 24/01/2021 23:12``."""
    local = local_time(moment)
    return f"{WEEKDAYS[local.weekday()]} - {local:%d/%m/%Y %H:%M}"


def short_date(moment: datetime) -> str:
    """A compact date for lists, e.g. ``24/01/2021``."""
    return f"{local_time(moment):%d/%m/%Y}"


def thousands(number: int) -> str:
    """An integer with comma thousands, as the original page printed it: ``5,729``."""
    return f"{number:,}"


def php_average(total: int, count: int) -> str:
    """An average printed like PHP's ``round($x, 1)``: ``4``, ``4.5``; half rounds up."""
    if count <= 0:
        return "0"
    value = (Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value:f}".removesuffix(".0")
