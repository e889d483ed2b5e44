"""What the "Thống kê truy cập" block shows, and the visit total carried over from the old site."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..content.models import SiteSetting
from ..core.clock import TIMEZONE_NAME, VIETNAM
from ..core.database import dialect_insert
from ..extensions import db

LEGACY_TOTAL_KEY = "stats.legacy_total"


@dataclass(frozen=True)
class Figures:
    """What the "Thống kê truy cập" block shows."""

    members: int
    search_engines: int
    guests: int
    today: int
    month: int
    total: int
    as_of: datetime

    @property
    def online(self) -> int:
        return self.members + self.search_engines + self.guests

    def as_json(self) -> dict:
        """The JSON twin of the block (``GET /api/stats``)."""
        return {
            "online": {"total": self.online, "members": self.members,
                       "search_engines": self.search_engines, "guests": self.guests},
            "today": self.today,
            "month": self.month,
            "total": self.total,
            "timezone": TIMEZONE_NAME,
            "as_of": self.as_of.astimezone(VIETNAM).isoformat(timespec="seconds"),
        }


def legacy_total() -> int:
    """The visit total carried over from the old site (0 when none was set)."""
    value = db.session.scalar(select(SiteSetting.value).where(SiteSetting.key == LEGACY_TOTAL_KEY))
    return int(value) if value else 0


def set_legacy_total(total: int) -> int | None:
    """Store the carried-over total; returns the previous one (None when first set)."""
    previous = db.session.scalar(
        select(SiteSetting.value).where(SiteSetting.key == LEGACY_TOTAL_KEY))
    statement = dialect_insert(SiteSetting.__table__).values(key=LEGACY_TOTAL_KEY, value=str(total))
    db.session.execute(statement.on_conflict_do_update(
        index_elements=["key"], set_={"value": statement.excluded.value}))
    db.session.commit()
    return int(previous) if previous else None
