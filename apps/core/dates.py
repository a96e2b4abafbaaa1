"""The one way the site shows a date or a moment: ``when`` in templates, ``moment_text`` in code.

A moment (an aware datetime) is shown in the time zone that is active: the
viewer's, once their browser has said which (apps/core/http/time_zones.py),
else UTC; its text always ends with the zone's name. A date (a day, such as a
todo's due date) has no zone. The formats are the site's DATE_FORMAT,
DATETIME_FORMAT and TIME_FORMAT (apps/core/formats/en/formats.py), which the
admin uses too; they are written out here as plain Python, because a page
listing 20 moments spent 1 ms of its time in Django's general formatter (a
test holds the two to the same text).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.utils import timezone

MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day_text(day: date) -> str:
    """DATE_FORMAT, "j M Y": 6 Dec 2026."""
    return f"{day.day} {MONTHS[day.month]} {day.year}"


def _time_text(local: datetime) -> str:
    """TIME_FORMAT, "H:i T": 20:11 UTC."""
    return f"{local.hour:02}:{local.minute:02} {local.tzname()}"


# What part of a moment to show: the default is the whole of it (DATETIME_FORMAT, "j M Y, H:i T").
PARTS = {
    "datetime": lambda local: f"{_day_text(local)}, {_time_text(local)}",
    "date": _day_text,
    "time": _time_text,
}


def _aware(value: datetime) -> datetime:
    """Stored moments are UTC; one read without its zone is taken as UTC."""
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


def moment_text(value: datetime | date, part: str = "datetime") -> str:
    """ "6 Dec 2026, 20:11 UTC" (or only its ``date`` or ``time`` part); a date: "6 Dec 2026"."""
    if not isinstance(value, datetime):
        return _day_text(value)
    return PARTS[part](timezone.localtime(_aware(value)))


def moment_texts(value: datetime | date, part: str) -> tuple[str, str]:
    """``moment_text(value, part)`` and ``moment_text(value)``, the moment made local once."""
    if not isinstance(value, datetime):
        return _day_text(value), _day_text(value)
    local = timezone.localtime(_aware(value))
    text = PARTS[part](local)
    return text, text if part == "datetime" else PARTS["datetime"](local)


def machine_text(value: datetime | date) -> str:
    """The same moment or day for machines (a <time> element's datetime): ISO 8601, UTC."""
    if not isinstance(value, datetime):
        return value.isoformat()
    return _aware(value).astimezone(UTC).isoformat().replace("+00:00", "Z")


def from_now_text(value: datetime) -> str:
    """How far ahead a moment is, in the largest whole unit: "in 90 days", "in 3 hours"."""
    seconds = (_aware(value) - timezone.now()).total_seconds()
    if seconds <= 0:
        return "now"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = int(seconds // size)
            return f"in {count} {unit}{'' if count == 1 else 's'}"
    return "in less than a minute"
