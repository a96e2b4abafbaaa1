"""Dwipper in a real browser: sign in and come back, post with the live counter, upvote,
favourite, edit in place, delete, follow."""

from playwright.sync_api import expect

from tests.dwipper.conftest import post_as
from tests.support.accounts import PASSWORD, account_create


def test_the_dwipper_main_flow(page, picard):
    account_create("Riker", "will@enterprise.example")
    post_as("Riker", "Is a beard a decision or a discovery?")
    page.goto("/dwipper/")
    page.get_by_role("link", name="Sign in", exact=True).first.click()
    page.get_by_label("Username or email:", exact=True).fill("picard")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(f"{page.url.split('/dwipper/')[0]}/dwipper/")

    box = page.get_by_label("Your dwipp")
    box.fill("  Tea, Earl Grey, héllo  ")
    expect(page.locator("#dwipp-count")).to_have_text("259 characters left")
    box.fill("x" * 281)
    expect(page.locator("#dwipp-count")).to_have_text("1 character too many")
    box.fill("Make it so, said the shower head.")
    page.get_by_role("button", name="Dwipp it").click()
    mine = page.locator("article", has_text="Make it so, said the shower head.")
    expect(mine).to_be_visible()
    mine = page.locator(f"#{mine.get_attribute('id')}")

    page.evaluate("window.notReloaded = true")
    theirs = page.locator("article", has_text="Is a beard")
    upvote = theirs.get_by_role("button", name="0 upvotes")
    upvote.click()
    expect(theirs.get_by_role("button", name="1 upvotes")).to_have_attribute("aria-pressed", "true")
    favourite = theirs.get_by_role("button", name="Favourite")
    favourite.click()
    expect(favourite).to_have_attribute("aria-pressed", "true")

    mine.get_by_role("link", name="Edit").click()
    editor = mine.get_by_label("Edit your dwipp")
    editor.fill("Make it so, said the soap.")
    expect(mine.locator(".dwipp-editor .dwipp-count")).to_have_text("254 characters left")
    mine.get_by_role("button", name="Save").click()
    expect(mine.locator(".dwipp-text")).to_have_text("Make it so, said the soap.")
    expect(mine.get_by_text("edited")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True

    page.reload()
    expect(theirs.get_by_role("button", name="1 upvotes")).to_have_attribute("aria-pressed", "true")
    mine.get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_text("Your dwipp is deleted.")).to_be_visible()
    expect(page.get_by_text("Make it so, said the soap.")).to_have_count(0)

    page.goto("/dwipper/u/Riker/")
    page.get_by_role("button", name="Follow").click()
    expect(page.get_by_text("1 follower", exact=True)).to_be_visible()
    page.get_by_role("link", name="Following", exact=True).click()
    expect(page.get_by_text("Is a beard a decision or a discovery?")).to_be_visible()
    page.get_by_role("link", name="Favourites", exact=True).click()
    expect(page.get_by_text("Is a beard a decision or a discovery?")).to_be_visible()


def test_a_reply_from_the_feed_lands_under_its_dwipp(page, sign_in, picard):
    account_create("Riker", "will@enterprise.example")
    post_as("Riker", "Is a beard a decision or a discovery?")
    sign_in("picard", PASSWORD)
    page.goto("/dwipper/")
    theirs = page.locator("article", has_text="Is a beard")
    expect(theirs.get_by_role("link", name="0 replies")).to_be_visible()
    theirs.get_by_role("link", name="Reply", exact=True).click()
    expect(page.get_by_role("heading", name="Reply to Riker")).to_be_visible()
    page.get_by_label("Your dwipp").fill("A discovery, Number One.")
    page.get_by_role("button", name="Reply", exact=True).click()
    expect(page.get_by_text("Your reply is out.")).to_be_visible()
    expect(page.get_by_role("heading", name="A dwipp by Riker")).to_be_visible()
    replies = page.locator(".thread-replies")
    expect(replies.get_by_text("A discovery, Number One.")).to_be_visible()
    expect(page.locator(".thread").get_by_role("link", name="1 reply")).to_be_visible()
    replies.get_by_role("link", name="in reply to a dwipp").click()
    expect(page.get_by_role("heading", name="A dwipp by Riker")).to_be_visible()


def test_a_mention_notifies_and_opening_the_notifications_marks_them_read(
    page, sign_in, picard, streams
):
    account_create("Riker", "will@enterprise.example")
    post_as("Riker", "Tea with @Picard in Ten Forward #tea")
    streams.drain()
    sign_in("picard", PASSWORD)
    page.goto("/dwipper/")
    mention = page.locator("article", has_text="Tea with").get_by_role("link", name="@Picard")
    expect(mention).to_have_attribute("href", "/dwipper/u/Picard/")
    page.locator("article", has_text="Tea with").get_by_role("link", name="#tea").click()
    expect(page.get_by_role("heading", name="#tea")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    badge = page.get_by_role("link", name="Notifications 1 unread")
    badge.click()
    expect(page.get_by_text("Riker mentioned you:")).to_be_visible()
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    page.get_by_label("Mentions of me").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your notification settings are saved.")).to_be_visible()
    expect(page.get_by_label("Mentions of me")).not_to_be_checked()


def test_blocking_from_a_profile_hides_their_dwipps_and_ends_the_follow(page, sign_in, picard):
    account_create("Riker", "will@enterprise.example")
    post_as("Riker", "Is a beard a decision or a discovery?")
    sign_in("picard", PASSWORD)
    page.goto("/dwipper/u/Riker/")
    page.get_by_role("button", name="Follow").click()
    expect(page.get_by_text("1 follower", exact=True)).to_be_visible()
    page.get_by_role("button", name="Block").click()
    expect(page.get_by_text("You block Riker: neither of you follows the other")).to_be_visible()
    expect(page.get_by_text("0 followers", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Follow")).to_have_count(0)
    page.goto("/dwipper/")
    expect(page.get_by_text("Is a beard")).to_have_count(0)
    page.goto("/dwipper/u/Riker/")
    page.get_by_role("button", name="Unblock").click()
    expect(page.get_by_text("You no longer block Riker.")).to_be_visible()
    page.goto("/dwipper/")
    expect(page.get_by_text("Is a beard")).to_be_visible()
