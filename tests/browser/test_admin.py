"""The Django admin in a real browser: staff sign in, edit a user, delete a log entry."""

import re

import django
from django.contrib.admin.utils import quote
from playwright.sync_api import expect

from tests.support.accounts import PASSWORD, next_code, staff_create


def _admin_sign_in(page) -> None:
    """Staff sign in with their password, then the code from their authenticator app."""
    riker = staff_create()
    page.goto("/admin/")
    page.get_by_label("Username or email:").fill("riker")
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    page.get_by_label("Code from your authenticator app:").fill(next_code(riker.factor_secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def test_staff_sign_in_with_their_second_factor_and_a_wrong_code_is_refused(page):
    riker = staff_create()
    page.goto("/admin/")
    page.get_by_label("Username or email:").fill("riker")
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code from your authenticator app:").fill("000000")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    page.goto("/admin/")
    expect(page.get_by_label("Username or email:")).to_be_visible()  # still anonymous
    page.get_by_label("Username or email:").fill("riker")
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code from your authenticator app:").fill(next_code(riker.factor_secret))
    page.get_by_role("button", name="Sign in").click()
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


def test_on_a_phone_a_changelist_shows_each_value_after_its_column_name(page, picard):
    _admin_sign_in(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/admin/accounts/user/")
    row = page.locator("#result_list tbody tr").filter(has_text="Picard")
    email = row.locator(".field-email")
    expect(email).to_contain_text("@")
    label = email.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label == '"Email address"'
    name_box, email_box = (
        row.locator(c).bounding_box() for c in (".field-username", ".field-email")
    )
    assert email_box["y"] >= name_box["y"] + name_box["height"]  # one under the other
    width = page.evaluate("document.querySelector('#result_list').scrollWidth")
    assert width <= 390
    heading = page.locator("#result_list thead th").filter(has_text="Email address")
    assert heading.bounding_box()["height"] < 40  # on one line, not a letter or two per line


# Text the page shows in a font smaller than 12 px (Lighthouse's "legible font sizes").
SMALL_TEXT = """
() => [...document.querySelectorAll("body *")]
  .filter((el) => el.checkVisibility() && [...el.childNodes].some(
    (node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim()))
  .filter((el) => parseFloat(getComputedStyle(el).fontSize) < 12)
  .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}: `
    + `${getComputedStyle(el).fontSize} "${el.textContent.trim().slice(0, 40)}"`)
"""


def test_on_a_phone_the_admin_has_no_small_text_and_no_scripts_it_does_not_use(page, picard):
    """Help texts (a changelist's search help) are 12 px at least; no page loads the
    scripts of prepopulated fields (no admin has any), nor on Django 5.2 jQuery, which no
    script left uses; the scripts it loads, deferred, still work: selecting every row
    counts them (and no script fails: conftest.py)."""
    from tests.support.billing import bill_bought

    bill = bill_bought(buyer="picard")
    _admin_sign_in(page)
    page.set_viewport_size({"width": 390, "height": 844})
    scripts = []
    page.on("request", lambda request: scripts.append(request.url))
    for path in (
        "/admin/billing/bill/",
        "/admin/dwipper/dwipp/",
        "/admin/accounts/user/",
        f"/admin/billing/bill/{quote(bill.token)}/change/",
    ):
        page.goto(path)
        assert page.evaluate(SMALL_TEXT) == [], path
    assert [url for url in scripts if re.search(r"xregexp|urlify|/prepopulate", url)] == []
    if django.VERSION < (6,):  # 6's RelatedObjectLookups.js, which its forms use, needs jQuery
        assert [url for url in scripts if "jquery" in url] == []
    page.goto("/admin/accounts/user/")
    page.locator("#action-toggle").check()
    expect(page.locator(".action-counter")).to_contain_text("selected")


# What holds back a page's first paint: its stylesheets and the scripts in its head that
# are neither deferred nor async.
RENDER_BLOCKING = """
() => ({
  stylesheets: [...document.querySelectorAll('link[rel="stylesheet"]')]
    .map((link) => new URL(link.href).pathname),
  scripts: [...document.querySelectorAll("head script[src]:not([defer]):not([async])")]
    .map((script) => new URL(script.src).pathname),
})
"""


def test_an_admin_page_waits_for_one_stylesheet_and_its_date_shortcuts_and_theme_still_work(
    page, picard
):
    """Each admin page links Django's stylesheets and the site's as one file (with the
    sidebar's, which Django links on its own), and no script but theme.js holds it back;
    the deferred scripts still work: the date field's calendar (month names from the
    translations script) and Today shortcut, the select-all count, the theme toggle
    (and no script fails: conftest.py)."""
    from apps.todos.services import list_create, todo_create

    todo_list = list_create(user="picard", name="Away mission")
    todo = todo_create(user="picard", list_id=todo_list.item_id, title="Pack", due="2031-01-01")
    _admin_sign_in(page)
    page.set_viewport_size({"width": 390, "height": 844})
    sidebar = "/static/admin/css/nav_sidebar.css"
    for path, stylesheet in (
        ("/admin/", "site-admin.css"),
        ("/admin/todos/todo/?q=picard", "site-admin.css"),
        ("/admin/accounts/user/Picard/history/", "site-admin.css"),
        ("/admin/accounts/user/Picard/change/", "site-admin-forms.css"),
        ("/admin/accounts/user/add/", "site-admin-forms.css"),
        ("/admin/accounts/user/Picard/password/", "site-admin-forms.css"),
    ):
        page.goto(path)
        blocking = page.evaluate(RENDER_BLOCKING)
        assert blocking == {
            "stylesheets": [f"/static/admin/css/{stylesheet}", sidebar],
            "scripts": ["/static/admin/js/theme.js"],
        }, path
    page.goto("/admin/todos/todo/?q=picard")
    page.locator("#action-toggle").check()
    expect(page.locator(".action-counter")).to_contain_text("1 of 1 selected")

    page.goto(f"/admin/todos/todo/{quote(f'picard/{todo.item_id}')}/change/")
    expect(page.locator(".submit-row")).to_have_css("display", "flex")  # forms.css
    _link(page, "Choose a Date").click()
    calendar = page.locator(".calendarbox")
    expect(calendar).to_be_visible()
    expect(calendar.locator("caption")).to_have_text(re.compile(r"^[A-Z][a-z]+ \d{4}$"))
    calendar.locator(".calendar-cancel a").click()
    _link(page, re.compile(r"^Today")).click()  # Django 6 names it "Today (<the date>)"
    expect(page.get_by_label("Due:")).not_to_have_value("2031-01-01")
    expect(page.get_by_label("Due:")).to_have_value(re.compile(r"^\d{4}-\d{2}-\d{2}$"))

    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.locator("button.theme-toggle").first.click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert dark != light
    page.reload()  # the choice holds from the first paint (theme.js, blocking, reads it)
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == dark


def _link(page, name: str | re.Pattern):
    """A link by its name; Django 6 gives the admin's script-made links role="button"."""
    return page.get_by_role("link", name=name).or_(page.get_by_role("button", name=name))
