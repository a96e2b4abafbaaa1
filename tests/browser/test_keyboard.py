"""One flow of each app done with the keyboard alone: Tab to a control, type, Enter or Space.

Every control the focus stops at on the way must show that it has it.
"""

from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.support.accounts import PASSWORD
from tests.support.header import account_button

TAB_LIMIT = 60

FOCUS_SHOWN = """() => {
  const el = document.activeElement;
  if (el === document.body) return true;
  const style = getComputedStyle(el);
  return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
}"""


def tab_to(page, target) -> None:
    """Press Tab until ``target`` (a locator) has the focus, checking that each stop shows it."""
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if target.evaluate("(el) => el === document.activeElement"):
            assert page.evaluate(FOCUS_SHOWN), target
            return
        focused = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
        assert page.evaluate(FOCUS_SHOWN), f"focus not shown on {focused}"
    raise AssertionError(f"Tab never reached {target}")


def test_sign_in_and_out(page, picard):
    page.goto("/")
    tab_to(page, page.get_by_role("link", name="Sign in"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("Username or email:", exact=True)).to_be_focused()
    page.keyboard.type("picard")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(account_button(page)).to_have_text("Account of Picard")
    tab_to(page, account_button(page))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("button", name="Sign out"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_the_phone_menu(page):
    page.set_viewport_size(PHONE)
    page.goto("/")
    tab_to(page, page.get_by_text("Menu", exact=True))
    page.keyboard.press("Enter")
    navigation = page.get_by_role("navigation", name="Main")
    tab_to(page, navigation.get_by_role("link", name="Captain's log"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_shorten_a_link(page):
    page.goto("/shorten/")
    expect(page.get_by_label("Long URL:", exact=True)).to_be_focused()
    page.keyboard.type("https://example.com/a/very/long/path")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("leads")
    expect(page.get_by_text("https://example.com/a/very/long/path").first).to_be_visible()


def test_write_a_log_entry(page, picard, sign_in):
    sign_in("picard", PASSWORD)
    page.goto("/log/")
    tab_to(page, page.get_by_role("link", name="New entry"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("Title:", exact=True)).to_be_focused()
    page.keyboard.type("Encounter at Farpoint")
    page.keyboard.press("Tab")
    page.keyboard.type("We arrived at Farpoint Station.")
    tab_to(page, page.get_by_role("button", name="Record entry"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Encounter at Farpoint")


def test_buy_a_bill(page):
    page.goto("/billing/")
    expect(page.get_by_label("Email:", exact=True)).to_be_focused()
    page.keyboard.type("beverly@enterprise.example")
    page.keyboard.press("Tab")
    page.keyboard.type("Beverly Crusher")
    # The card Element's fields (localstripe's) move on by themselves as each fills up.
    tab_to(page, page.get_by_placeholder("number", exact=True))
    for part in ("4242424242424242", "12", "30", "123", "75001"):
        page.keyboard.type(part)
    tab_to(page, page.get_by_role("button", name="Pay 5.00 EUR"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bill ", timeout=30_000)


def test_add_a_todo_and_mark_it_done(page, picard, sign_in):
    sign_in("picard", PASSWORD)
    page.goto("/todos/")
    expect(page.get_by_label("What needs to be done?")).to_be_focused()
    page.keyboard.type("Tea, Earl Grey, hot")
    page.keyboard.press("Enter")
    expect(page.get_by_text("1 item left")).to_be_visible()
    tab_to(page, page.get_by_role("button", name="Mark “Tea, Earl Grey, hot” done"))
    page.keyboard.press("Space")
    expect(page.get_by_text("0 items left")).to_be_visible()


def test_post_a_dwipp_and_upvote_it(page, picard, sign_in):
    sign_in("picard", PASSWORD)
    page.goto("/dwipper/")
    tab_to(page, page.get_by_label("Your dwipp:", exact=True))
    page.keyboard.type("Is a beard a decision or a discovery?")
    tab_to(page, page.get_by_role("button", name="Dwipp it"))
    page.keyboard.press("Enter")
    dwipp = page.locator("article", has_text="Is a beard a decision or a discovery?")
    expect(dwipp).to_be_visible()
    upvote = dwipp.get_by_role("button", name="0 upvotes")
    tab_to(page, upvote)
    page.keyboard.press("Space")
    expect(dwipp.get_by_role("button", name="1 upvotes")).to_have_attribute("aria-pressed", "true")
