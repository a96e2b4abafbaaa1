"""Dates and times in the viewer's own time zone, as soon as their browser has said which."""

import time
from datetime import UTC, datetime

from playwright.sync_api import expect

from tests.support.accounts import PASSWORD


def test_the_first_page_says_utc_and_the_next_ones_the_browsers_zone(browser, live_site, picard):
    from django.test import Client

    from apps.captains_log.services import entry_create

    entry = entry_create(
        captain="picard", title="Farpoint", text="Q.", at=datetime(2026, 12, 6, 20, 11, tzinfo=UTC)
    )
    signed_in = Client()
    assert signed_in.login(username="picard", password=PASSWORD)
    context = browser.new_context(base_url=live_site.url, timezone_id="Asia/Tokyo")
    context.add_cookies(
        [{"name": "sessionid", "value": signed_in.cookies["sessionid"].value, "url": live_site.url}]
    )
    page = context.new_page()
    page.goto(f"/log/{entry.entry_id}/")
    stardate = page.locator(".stardate")
    expect(stardate).to_contain_text("6 Dec 2026, 20:11 UTC")
    _wait_for_the_zone_noted(context, "Asia/Tokyo")
    page.reload()
    expect(stardate).to_contain_text("7 Dec 2026, 05:11 JST")
    expect(stardate.locator("time")).to_have_attribute("datetime", "2026-12-06T20:11:00Z")
    context.close()


def _wait_for_the_zone_noted(context, zone: str, within: float = 10.0) -> None:
    """Poll the context's cookies until site.js has noted ``zone`` (it waits for an idle
    browser). Not Playwright's wait_for_function: its polling evaluates a string, which the
    site's CSP (no 'unsafe-eval') refuses whenever the first look comes too early."""
    deadline = time.monotonic() + within
    while {"name": "tz", "value": zone} not in [
        {"name": c["name"], "value": c["value"]} for c in context.cookies()
    ]:
        assert time.monotonic() < deadline, f"the browser never noted its time zone {zone}"
        time.sleep(0.05)
