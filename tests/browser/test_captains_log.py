"""The captain's log in a real browser: write, edit, lose a race to another tab, delete, page."""

from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from tests.support.accounts import PASSWORD


def _field(page, label):
    return page.get_by_label(f"{label}:", exact=True)


def test_add_edit_conflict_delete_and_page_through_the_log(context, page, picard, sign_in):
    sign_in("picard", PASSWORD)
    page.goto("/log/")
    page.get_by_role("link", name="New entry").click()
    _field(page, "Title").fill("Encounter at Farpoint")
    _field(page, "Entry").fill("We arrived at Farpoint Station.")
    page.get_by_role("button", name="Record entry").click()
    expect(page.get_by_role("status")).to_contain_text("Entry recorded, stardate")
    expect(page.get_by_role("heading", level=1)).to_have_text("Encounter at Farpoint")

    page.get_by_role("link", name="Edit").click()
    _field(page, "Entry").fill("We arrived at Farpoint Station. Q was waiting.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Q was waiting.")).to_be_visible()

    page.get_by_role("link", name="Edit").click()
    other_tab = context.new_page()
    other_tab.goto(page.url)
    _field(other_tab, "Title").fill("Encounter at Farpoint, part 1")
    other_tab.get_by_role("button", name="Save").click()
    expect(other_tab.get_by_role("heading", level=1)).to_have_text("Encounter at Farpoint, part 1")
    _field(page, "Title").fill("My title, lost in the race")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("changed in another tab or window")
    expect(_field(page, "Title")).to_have_value("My title, lost in the race")
    # A link to the entry as saved now, rather than a reload that would send the form again.
    page.get_by_role("link", name="Open the entry as it is now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Encounter at Farpoint, part 1")

    other_tab.get_by_role("link", name="Delete").click()
    other_tab.get_by_role("button", name="Delete the entry").click()
    expect(other_tab.get_by_role("status")).to_contain_text("deleted")
    expect(other_tab.get_by_text("Your log is empty.")).to_be_visible()

    from apps.captains_log.services import entry_create

    start = datetime.now(UTC) - timedelta(hours=1)
    for number in range(12):
        entry_create(
            captain="picard",
            title=f"Entry {number}",
            text="...",
            at=start + timedelta(minutes=number),
        )
    page.goto("/log/")
    expect(page.get_by_role("link", name="Entry 11")).to_be_visible()
    expect(page.get_by_role("link", name="Entry 1", exact=True)).to_have_count(0)
    page.get_by_role("link", name="Older entries").click()
    expect(page.get_by_role("link", name="Entry 1", exact=True)).to_be_visible()
    page.get_by_role("link", name="Newer entries").click()
    expect(page.get_by_role("link", name="Entry 11")).to_be_visible()
