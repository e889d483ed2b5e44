"""Charts drawn on the server as SVG geometry: no chart library, no script in the browser.

``daily_bars`` turns per-day figures into rectangles and axis labels; the template writes them
as an inline <svg> with presentation attributes only (the CSP forbids style attributes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 16, 40


@dataclass(frozen=True)
class Bar:
    """One rectangle, with the text a pointer or screen reader gets for it."""

    x: float
    y: float
    width: float
    height: float
    series: int
    label: str


@dataclass(frozen=True)
class Tick:
    """A labelled position on an axis."""

    position: float
    label: str


@dataclass(frozen=True)
class BarChart:
    """Everything the template needs to draw a grouped bar chart."""

    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    bars: tuple[Bar, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten that is at least ``value`` (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def daily_bars(days: list[date], series: list[list[int]], names: list[str]) -> BarChart:
    """Grouped bars: for each day, one bar per series (``series[i][day_index]``)."""
    top = nice_ceiling(max((max(values, default=0) for values in series), default=0))
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(days), 1)
    bar_width = slot * 0.8 / max(len(series), 1)
    bars = []
    for day_index, day in enumerate(days):
        for series_index, values in enumerate(series):
            value = values[day_index]
            height = plot_height * value / top
            bars.append(
                Bar(
                    x=round(LEFT + day_index * slot + slot * 0.1 + series_index * bar_width, 2),
                    y=round(TOP + plot_height - height, 2),
                    width=round(bar_width, 2),
                    height=round(height, 2),
                    series=series_index,
                    label=f"{day:%d/%m}: {names[series_index]} {value:,}",
                )
            )
    y_ticks = tuple(
        Tick(round(TOP + plot_height - plot_height * step / 4, 2), f"{top * step // 4:,}")
        for step in range(5)
    )
    # A label every fifth day and on the last one keeps 30 days readable.
    x_ticks = tuple(
        Tick(round(LEFT + index * slot + slot / 2, 2), f"{day:%d/%m}")
        for index, day in enumerate(days)
        if index % 5 == 0 or index == len(days) - 1
    )
    return BarChart(
        WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, TOP, TOP + plot_height, tuple(bars), y_ticks, x_ticks
    )
