"""The Django admin in a real browser: staff sign in, edit a user, delete a log entry."""

import re

from playwright.sync_api import expect

from tests.support.accounts import PASSWORD, account_create


def _admin_sign_in(page) -> None:
    account_create(
        username="Riker", email="riker@enterprise.example", is_staff=True, is_superuser=True
    )
    page.goto("/admin/")
    page.get_by_label("Username:").fill("riker")
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def test_staff_edit_a_user_and_see_it_in_history_and_recent_actions(page, picard):
    _admin_sign_in(page)
    page.get_by_role("link", name="Users").first.click()
    page.get_by_role("link", name="Picard", exact=True).click()
    page.get_by_label("First name:").fill("Jean-Luc")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.goto("/admin/accounts/user/Picard/history/")
    expect(page.locator("#change-history")).to_contain_text("Changed First name.")
    page.goto("/admin/")
    expect(page.locator("#recent-actions-module")).to_contain_text("Picard")


def test_staff_delete_a_log_entry_after_seeing_what_goes(page, picard):
    from apps.captains_log.selectors import entry_get
    from apps.captains_log.services import entry_create

    entry = entry_create(captain="picard", title="Encounter at Farpoint", text="Q.")
    _admin_sign_in(page)
    page.goto("/admin/captains_log/logentry/?q=picard")
    page.get_by_role("link", name="Encounter at Farpoint").click()
    # Django 6.1 gives the change form's Delete link role="button".
    delete = page.get_by_role("link", name="Delete").or_(page.get_by_role("button", name="Delete"))
    delete.click()
    expect(page.locator("#deleted-objects")).to_contain_text("Encounter at Farpoint")
    page.get_by_role("button", name=re.compile("Yes, I.m sure")).click()
    expect(page.locator(".messagelist")).to_contain_text("deleted successfully")
    assert entry_get(captain="picard", entry_id=entry.entry_id) is None
