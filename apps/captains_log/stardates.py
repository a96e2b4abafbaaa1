"""Stardates for log entries.

The formula follows The Next Generation's convention of 1000 stardate units
per year, anchored so that stardate 41000.0 is the start of 1987 (the year the
series began, whose first episodes are dated 41xxx):

    stardate = 41000 + 1000 * (year - 1987) + 1000 * (seconds since 1 January
               of that year) / (seconds in that year)

rounded down to one decimal, computed in UTC. So 1 January 2026, 00:00 UTC is
80000.0, and noon on 2 July 2026 (day 183 of 365) is 80500.0.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

EPOCH_YEAR = 1987
EPOCH_STARDATE = 41000
UNITS_PER_YEAR = 1000


def stardate(moment: datetime) -> float:
    moment = moment.astimezone(UTC)
    year_start = datetime(moment.year, 1, 1, tzinfo=UTC)
    year_end = datetime(moment.year + 1, 1, 1, tzinfo=UTC)
    fraction = (moment - year_start) / (year_end - year_start)
    value = EPOCH_STARDATE + UNITS_PER_YEAR * (moment.year - EPOCH_YEAR + fraction)
    return math.floor(value * 10) / 10
