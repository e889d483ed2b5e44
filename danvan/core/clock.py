"""The one place for "now" and for Vietnam days.

Times are stored and compared as aware UTC; residents see Vietnam time (``Asia/Ho_Chi_Minh``,
UTC+7, no daylight saving), and every "per day" figure (visits, the per-network vote window,
salts) turns over at Vietnam midnight. Tests move the clock with time-machine, which patches
``datetime.now``, so nothing here caches the time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

TIMEZONE_NAME = "Asia/Ho_Chi_Minh"
VIETNAM = ZoneInfo(TIMEZONE_NAME)


def utcnow() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)


def local_time(moment: datetime) -> datetime:
    """``moment`` (aware) in Vietnam time."""
    return moment.astimezone(VIETNAM)


def local_day(moment: datetime) -> date:
    """The Vietnam calendar day of ``moment``."""
    return moment.astimezone(VIETNAM).date()


def vietnam_today() -> date:
    """Today in Vietnam."""
    return local_day(utcnow())


def start_of_day(day: date) -> datetime:
    """Vietnam midnight at the start of ``day``, as aware UTC."""
    return datetime.combine(day, time(0), tzinfo=VIETNAM).astimezone(UTC)
