"""Accounts in a real browser: the whole life of an account, and a password reset by email."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.support.accounts import PASSWORD
from tests.support.header import account_button, account_menu

NEW_PASSWORD = "Make it so, Number One 1701"


def _field(page, label):
    return page.get_by_label(f"{label}:", exact=True)


def _sign_in(page, login, password):
    page.get_by_role("link", name="Sign in").click()
    _field(page, "Username or email").fill(login)
    _field(page, "Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_sign_up_sign_in_edit_profile_change_password_sign_out(page):
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    _field(page, "Username").fill("Riker")
    _field(page, "Email").fill("will@enterprise.example")
    _field(page, "Password").fill(PASSWORD)
    _field(page, "Password again").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("status")).to_contain_text("Welcome, Riker!")
    account_menu(page).get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

    _sign_in(page, "will@enterprise.example", PASSWORD)
    account_menu(page).get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="Edit profile").click()
    _field(page, "First name").fill("William")
    _field(page, "Last name").fill("Riker")
    _field(page, "Bio").fill("First officer.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("William Riker")
    expect(page.get_by_text("First officer.")).to_be_visible()

    page.get_by_role("link", name="Change password").click()
    _field(page, "Old password").fill(PASSWORD)
    _field(page, "New password").fill(NEW_PASSWORD)
    _field(page, "New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password changed")
    account_menu(page).get_by_role("button", name="Sign out").click()

    _sign_in(page, "Riker", PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("do not match an account")
    _field(page, "Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(account_button(page)).to_have_text("Account of Riker")


def test_password_reset_through_the_emailed_link(page, picard, mailoutbox):
    page.goto("/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    _field(page, "Email").fill("jean-luc@enterprise.example")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/account/reset/\S+/", mailoutbox[0].body).group(0)
    page.goto(link)
    _field(page, "New password").fill(NEW_PASSWORD)
    _field(page, "New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password is set")

    page.goto(link)  # a link works once
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    page.goto("/")
    _sign_in(page, "picard", NEW_PASSWORD)
    expect(account_button(page)).to_have_text("Account of Picard")


# How many largest-contentful-paint entries the page has recorded (0 after a second without).
LARGEST_PAINTS = """() => new Promise((done) => {
  new PerformanceObserver((list) => done(list.getEntries().length))
    .observe({type: "largest-contentful-paint", buffered: true});
  setTimeout(() => done(0), 1000);
})"""


def test_a_wrong_password_on_a_phone_leaves_the_deletion_page_where_it_is(page, picard):
    """The lists above the form fold away when it comes back in error: the field in error is
    in sight without the page jumping down to it (the jump left Chromium without a largest
    contentful paint, so Lighthouse could not score the page)."""
    page.goto("/")
    _sign_in(page, "picard", PASSWORD)
    page.set_viewport_size(PHONE)
    page.goto("/account/delete/")
    _field(page, "Your password").fill("Make it so")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was deleted")
    expect(_field(page, "Your password")).to_be_focused()
    assert page.evaluate("window.scrollY") == 0
    assert page.evaluate(LARGEST_PAINTS) > 0
    assert page.get_by_role("button", name="Delete my account").bounding_box()["y"] < 844
    lists = page.get_by_text("What is deleted and what stays")
    lists.click()
    expect(page.get_by_text("Short links made by the account")).to_be_visible()


def test_delete_account_from_the_profile(page, picard):
    page.goto("/")
    _sign_in(page, "picard", PASSWORD)
    account_menu(page).get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="Delete account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    expect(page.get_by_text("Short links made by the account")).to_be_visible()
    _field(page, "Your password").fill("Make it so")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was deleted")
    _field(page, "Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is closed")
    expect(page.get_by_text("Deleting your data is under way")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    _sign_in(page, "picard", PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("do not match an account")
