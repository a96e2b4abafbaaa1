"""Dates and times: one format on every page, in the admin and on the PDF bill; in the viewer's
time zone once their browser has said which (the ``tz`` cookie), else UTC; always labelled."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings

from apps.captains_log.services import entry_create

AT = datetime(2026, 12, 6, 20, 11, tzinfo=UTC)
IN_UTC = '<time datetime="2026-12-06T20:11:00Z">6 Dec 2026, 20:11 UTC</time>'


@pytest.fixture
def entry(picard):
    return entry_create(captain="picard", title="Farpoint", text="Q.", at=AT)


def test_a_moment_is_shown_in_utc_and_says_so_until_the_browser_names_its_zone(signed_in, entry):
    page = signed_in.get(f"/log/{entry.entry_id}/").content.decode()
    assert IN_UTC in page


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("Asia/Tokyo", "7 Dec 2026, 05:11 JST"),
        ("America/New_York", "6 Dec 2026, 15:11 EST"),
        ("Asia/Kolkata", "7 Dec 2026, 01:41 IST"),
    ],
)
def test_a_moment_is_shown_in_the_zone_the_browser_named(signed_in, entry, zone, shown):
    signed_in.cookies[settings.TIME_ZONE_COOKIE] = zone
    response = signed_in.get(f"/log/{entry.entry_id}/")
    assert f'<time datetime="2026-12-06T20:11:00Z">{shown}</time>' in response.content.decode()
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize(
    "name", ["Not/AZone", "../../../etc/passwd", "/etc/localtime", "Europe/" + "x" * 5000, "é"]
)
def test_a_zone_that_is_not_one_is_ignored(signed_in, entry, name):
    signed_in.cookies[settings.TIME_ZONE_COOKIE] = name
    response = signed_in.get(f"/log/{entry.entry_id}/")
    assert response.status_code == 200
    assert IN_UTC in response.content.decode()


def test_the_admin_writes_moments_the_same_way(riker, entry):
    listing = riker.get("/admin/captains_log/logentry/?q=picard").content.decode()
    assert "6 Dec 2026, 20:11 UTC" in listing
    riker.cookies[settings.TIME_ZONE_COOKIE] = "Asia/Tokyo"
    assert (
        "7 Dec 2026, 05:11 JST"
        in riker.get("/admin/captains_log/logentry/?q=picard").content.decode()
    )


def test_a_link_says_in_days_when_it_expires(signed_in):
    from apps.shortener.services import link_create

    link = link_create(url="https://example.com/", owner="picard")
    page = signed_in.get(f"/{link.code}+").content.decode()
    assert "(in 89 days)" in page or "(in 90 days)" in page
    assert "weeks" not in page


def test_a_due_date_is_a_day_without_a_zone(signed_in):
    from apps.todos.services import list_create, todo_create

    inbox = list_create(user="picard", name="Inbox")
    todo_create(user="picard", list_id=inbox.item_id, title="Engage", due="2026-12-31")
    page = signed_in.get(f"/todos/lists/{inbox.item_id}/").content.decode()
    assert 'due <time datetime="2026-12-31">31 Dec 2026</time>' in page


def test_a_rate_limited_page_says_until_when_with_the_zone(client, settings):
    settings.SHORTENER_RATE_ANONYMOUS = "1/h"
    for _ in range(2):
        page = client.post("/shorten/", {"url": "https://example.com/"}).content.decode()
    after = re.search(r"\(after <time [^>]*>(\d\d:\d\d UTC)</time>\)", page)
    assert after is not None, page
    # The limit's window is fixed (it may end sooner than an hour from now): the
    # time shown is within the next hour, to the minute.
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    hour, minute = map(int, after.group(1)[:5].split(":"))
    minutes_ahead = (hour * 60 + minute - (now.hour * 60 + now.minute)) % (24 * 60)
    assert minutes_ahead <= 61


def test_no_template_writes_a_date_its_own_way():
    """Every date and time goes through ``when`` (apps/core/dates.py)."""
    own_ways = re.compile(r"\|\s*(date|time|timeuntil|timesince|naturaltime)\b|\{%\s*now\b")
    found = [
        f"{path}: {match.group(0)}"
        for path in Path(settings.BASE_DIR, "templates").rglob("*.*")
        for match in own_ways.finditer(path.read_text())
    ]
    assert not found, found


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata", "America/St_Johns", "Europe/Berlin"])
def test_the_sites_own_formatting_writes_what_the_admins_formats_say(zone):
    """moment_text writes the format strings out by hand (for speed): the admin, which reads
    the strings through Django's formatter, must show the same text for every month, both
    sides of a change of clocks, and single- and double-digit days and hours."""
    from zoneinfo import ZoneInfo

    from django.utils import timezone
    from django.utils.formats import date_format, time_format

    from apps.core.dates import moment_text

    moments = [
        datetime(2026, month, day, hour, 7, tzinfo=UTC)
        for month in range(1, 13)
        for day, hour in ((1, 0), (9, 9), (28, 23))
    ]
    with timezone.override(ZoneInfo(zone)):
        for moment in moments:
            local = timezone.localtime(moment)
            assert moment_text(moment) == date_format(local, "DATETIME_FORMAT")
            assert moment_text(moment, "date") == date_format(local, "DATE_FORMAT")
            assert moment_text(moment, "time") == time_format(local, "TIME_FORMAT")
            assert moment_text(moment.date()) == date_format(moment.date(), "DATE_FORMAT")
