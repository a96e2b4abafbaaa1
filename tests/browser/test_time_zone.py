"""Dates and times in the viewer's own time zone, as soon as their browser has said which."""

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
    page.wait_for_function("document.cookie.includes('tz=Asia/Tokyo')")
    page.reload()
    expect(stardate).to_contain_text("7 Dec 2026, 05:11 JST")
    expect(stardate.locator("time")).to_have_attribute("datetime", "2026-12-06T20:11:00Z")
    context.close()
