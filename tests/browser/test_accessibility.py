"""What axe-core cannot judge alone: focus is visible, and form errors are announced."""

import re

from playwright.sync_api import expect

from apps.accounts.validators import USERNAME_HELP, USERNAME_INVALID
from tests.support.accounts import PASSWORD

FOCUSED = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  if (el === document.body) return null;
  return {what: el.outerHTML.slice(0, 80), style: style.outlineStyle,
          width: parseFloat(style.outlineWidth)};
}"""


def test_keyboard_focus_is_visible_on_every_control(page):
    page.goto("/login/?next=/log/")
    page.keyboard.press("Tab")
    seen = []
    while (focused := page.evaluate(FOCUSED)) and len(seen) < 30:
        seen.append(focused)
        page.keyboard.press("Tab")
    assert len(seen) >= 4, seen  # from the autofocused username: password, button, two links
    hidden = [f for f in seen if f["style"] == "none" or f["width"] < 2]
    assert not hidden, hidden


def test_form_errors_are_announced_and_tied_to_their_fields(page):
    page.goto("/signup/")
    page.get_by_label("Username:", exact=True).fill("Worf!")
    page.get_by_role("button", name="Sign up").click()
    username = page.get_by_label("Username:", exact=True)
    expect(username).to_have_attribute("aria-invalid", "true")
    described = username.get_attribute("aria-describedby").split()
    errors = page.locator(f"#{described[-1]}")
    expect(errors).to_have_attribute("role", "alert")
    expect(errors).to_contain_text(USERNAME_INVALID)
    expect(username).to_have_accessible_description(
        re.compile(re.escape(USERNAME_HELP) + ".*" + re.escape(USERNAME_INVALID))
    )
    expect(page.get_by_label("Email:", exact=True)).to_have_attribute("aria-invalid", "true")


def test_after_a_form_error_the_cursor_is_in_the_field_in_error(page, picard, sign_in):
    page.goto("/signup/")
    page.get_by_label("Username:", exact=True).fill("Worf")
    page.get_by_label("Email:", exact=True).fill("not an email")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password again:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_label("Email:", exact=True)).to_be_focused()

    sign_in("picard", PASSWORD)
    page.goto("/log/new/")
    expect(page.get_by_label("Title:", exact=True)).to_be_focused()
    page.get_by_label("Title:", exact=True).fill("Encounter at Farpoint")
    page.get_by_role("button", name="Record entry").click()
    expect(page.get_by_label("Entry:", exact=True)).to_be_focused()
    expect(page.get_by_label("Title:", exact=True)).to_have_value("Encounter at Farpoint")


def test_save_and_cancel_stand_apart(page, picard, sign_in):
    sign_in("picard", PASSWORD)
    for path, save in (("/account/edit/", "Save"), ("/account/password/", "Change password")):
        page.goto(path)
        saving = page.get_by_role("button", name=save).bounding_box()
        cancel = page.get_by_role("link", name="Cancel").bounding_box()
        assert cancel["x"] - (saving["x"] + saving["width"]) >= 8, path
        assert cancel["height"] == saving["height"], path
