"""What the "Thống kê truy cập" block shows, and the visit total carried over from the old site."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from ..content.models import SiteSetting
from ..core.clock import TIMEZONE_NAME, VIETNAM, local_day
from ..core.database import dialect_insert
from ..extensions import db
from .models import GUEST, MEMBER, METRIC_VISITS, SEARCH_ENGINE, DailyCount, Presence

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

    def with_reader(self, kind: str) -> Figures:
        """The figures as a reader of ``kind`` must see them: that reader is online now and, a
        person, has visited today, even when the figures were read (and cached for up to 15 s)
        before the reader's first request was recorded — on a new site, the block would
        otherwise tell its very first reader "Đang truy cập 0"."""
        field = {MEMBER: "members", GUEST: "guests", SEARCH_ENGINE: "search_engines"}.get(kind)
        if field is None:
            return self
        floors = {field: 1}
        if kind in (MEMBER, GUEST):
            floors.update(today=1, month=1, total=1)
        changes = {name: floor for name, floor in floors.items() if getattr(self, name) < floor}
        return replace(self, **changes) if changes else self  # type: ignore[arg-type]

    def as_json(self) -> dict:
        """The JSON twin of the block (``GET /api/stats``)."""
        return {
            "online": {
                "total": self.online,
                "members": self.members,
                "search_engines": self.search_engines,
                "guests": self.guests,
            },
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
        select(SiteSetting.value).where(SiteSetting.key == LEGACY_TOTAL_KEY)
    )
    statement = dialect_insert(SiteSetting.__table__).values(key=LEGACY_TOTAL_KEY, value=str(total))
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["key"], set_={"value": statement.excluded.value}
        )
    )
    db.session.commit()
    return int(previous) if previous else None


def read_figures(moment: datetime, online_window: timedelta) -> Figures:
    """The block's figures, read from aggregates (a few rows), never from raw hits."""
    today = local_day(moment)
    online = dict(
        db.session.execute(
            select(Presence.kind, func.count())
            .where(Presence.last_seen >= moment - online_window)
            .group_by(Presence.kind)
        ).all()
    )
    visits = DailyCount.metric == METRIC_VISITS

    def visits_since(first: date | None) -> int:
        query = select(func.coalesce(func.sum(DailyCount.value), 0)).where(visits)
        if first is not None:
            query = query.where(DailyCount.day >= first, DailyCount.day <= today)
        return int(db.session.scalar(query) or 0)

    figures = Figures(
        members=online.get(MEMBER, 0),
        search_engines=online.get(SEARCH_ENGINE, 0),
        guests=online.get(GUEST, 0),
        today=visits_since(today),
        month=visits_since(today.replace(day=1)),
        total=visits_since(None) + legacy_total(),
        as_of=moment,
    )
    db.session.commit()
    return figures
