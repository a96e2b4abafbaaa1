"""The stardate formula (apps/captains_log/stardates.py), at fixed moments."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from apps.captains_log.stardates import stardate


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(1987, 1, 1, tzinfo=UTC), 41000.0),
        (datetime(2026, 1, 1, tzinfo=UTC), 80000.0),
        (datetime(2026, 7, 2, 12, 0, tzinfo=UTC), 80500.0),
        (datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC), 80999.9),
        (datetime(2024, 12, 31, 12, 0, tzinfo=UTC), 78998.6),  # a leap year has 366 days
    ],
)
def test_stardate_at_known_moments(moment, expected):
    assert stardate(moment) == expected


def test_stardates_are_computed_in_utc():
    paris = timezone(timedelta(hours=1))
    assert stardate(datetime(2026, 1, 1, 1, 0, tzinfo=paris)) == 80000.0


def test_stardates_grow_with_time():
    moments = [datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=d) for d in range(0, 365, 7)]
    values = [stardate(m) for m in moments]
    assert values == sorted(values)
