"""The statistics page's bar chart, drawn on the server as SVG (no JavaScript).

Only geometry: the template draws one ``<rect>`` per day from these numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from apps.core.dates import moment_text

WIDTH, HEIGHT = 600, 160  # the SVG's viewBox; it scales to the page's width
GAP = 0.2  # of each day's slot, left empty between bars


@dataclass(frozen=True)
class Bar:
    day: date
    clicks: int
    x: float
    y: float
    width: float
    height: float

    @property
    def label(self) -> str:
        """The day as the site writes dates, as plain text (an SVG <title> holds no markup)."""
        return moment_text(self.day)


def day_bars(days: list[tuple[date, int, int]]) -> list[Bar]:
    """One bar per day, as high as that day's clicks by people against the busiest day."""
    peak = max((clicks for _, clicks, _ in days), default=0) or 1
    slot = WIDTH / max(len(days), 1)
    bars = []
    for n, (day, clicks, _) in enumerate(days):
        height = round(HEIGHT * clicks / peak, 2)
        x = round(n * slot + slot * GAP / 2, 2)
        bars.append(
            Bar(day, clicks, x, round(HEIGHT - height, 2), round(slot * (1 - GAP), 2), height)
        )
    return bars
