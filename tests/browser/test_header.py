"""The header on a laptop and on a phone, dark mode and reduced motion, as a browser shows them."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.support.accounts import PASSWORD, next_code, staff_create
from tests.support.header import account_button, account_menu

# The longest username allowed, in the widest letters.
WIDEST_USERNAME = "W" * 30
CLOSED_HEADER_MAX_PX = 64

# Where each thing in the header sits: its box, and whether its text runs onto a second line.
HEADER_ITEMS = """() => [...document.querySelectorAll(
    '.site-header .brand, .site-header .nav-apps a, .site-header .account-name')]
  .filter((el) => el.getClientRects().length)
  .map((el) => {
    const box = el.getBoundingClientRect(), text = document.createRange();
    text.selectNodeContents(el);
    const tops = [...text.getClientRects()].filter((r) => r.width > 1).map((r) => r.top);
    return {text: el.textContent.trim(), top: box.top, bottom: box.bottom,
            right: box.right, lines: new Set(tops.map(Math.round)).size};
  })"""


@pytest.fixture
def long_named_staff():
    return staff_create(username=WIDEST_USERNAME, email="w@enterprise.example")


def _header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


def test_on_a_laptop_the_header_is_one_line_for_the_longest_username(
    page, sign_in, long_named_staff
):
    page.set_viewport_size(DESKTOP)
    sign_in(WIDEST_USERNAME, PASSWORD)
    page.goto("/log/")
    items = page.evaluate(HEADER_ITEMS)
    assert [item["text"] for item in items][:7] == [
        "Serverless Django",
        "URL shortener",
        "Captain's log",
        "Signed bills",
        "Todos",
        "Dwipper",
        WIDEST_USERNAME,  # in a box of its own width, ending in "…" if it needs to
    ]
    assert all(item["lines"] == 1 for item in items), [(i["text"], i["lines"]) for i in items]
    # One line: every item overlaps every other vertically, and all end inside the window.
    assert max(item["top"] for item in items) < min(item["bottom"] for item in items), items
    assert max(item["right"] for item in items) <= DESKTOP["width"]
    assert _header_height(page) <= CLOSED_HEADER_MAX_PX

    menu = account_menu(page)
    expect(menu.get_by_text(f"Signed in as {WIDEST_USERNAME}")).to_be_visible()
    for link in ("Your account", "My links", "My bills", "Staff: Bills", "Admin"):
        expect(menu.get_by_role("link", name=link)).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu.get_by_role("link", name="Admin")).to_be_hidden()
    expect(account_button(page)).to_be_focused()


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without"])
def test_on_a_phone_a_menu_button_opens_the_navigation(
    browser, live_site, long_named_staff, javascript
):
    context = browser.new_context(
        base_url=live_site.url, viewport=PHONE, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto("/login/")
    page.get_by_label("Username or email:", exact=True).fill(WIDEST_USERNAME)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    code = next_code(long_named_staff.factor_secret)  # staff sign in with a second factor
    page.get_by_label("Code from your authenticator app:", exact=True).fill(code)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/todos/")

    assert _header_height(page) <= CLOSED_HEADER_MAX_PX
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Dwipper")).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()
    for link in ("URL shortener", "Captain's log", "Signed bills", "Todos", "Dwipper"):
        expect(navigation.get_by_role("link", name=link)).to_be_visible()
    expect(navigation.get_by_role("link", name="Todos")).to_have_attribute("aria-current", "page")
    expect(navigation.get_by_text(f"Signed in as {WIDEST_USERNAME}")).to_be_visible()
    expect(navigation.get_by_role("button", name="Sign out")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    navigation.get_by_role("link", name="Dwipper").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dwipper")
    assert _header_height(page) <= CLOSED_HEADER_MAX_PX  # closed again on the new page
    context.close()


def _colours(page) -> dict:
    return page.evaluate(
        """() => { const style = getComputedStyle(document.body), html = document.documentElement;
        return {text: style.color, background: getComputedStyle(html).backgroundColor}; }"""
    )


def _luminance(rgb: str) -> float:
    red, green, blue = (int(part) / 255 for part in rgb[rgb.index("(") + 1 : -1].split(",")[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_the_colours_follow_the_systems_light_or_dark_setting(page):
    page.goto("/")
    light = _colours(page)
    assert _luminance(light["background"]) > 0.9 > 0.2 > _luminance(light["text"])
    page.emulate_media(color_scheme="dark")
    dark = _colours(page)
    assert _luminance(dark["background"]) < 0.1 < 0.8 < _luminance(dark["text"])


def test_no_motion_for_those_who_asked_their_system_for_less(page):
    motion = """() => ({
        scroll: getComputedStyle(document.documentElement).scrollBehavior,
        transition: getComputedStyle(document.querySelector('.brand')).transitionDuration})"""
    page.emulate_media(reduced_motion="no-preference")
    page.goto("/")
    moving = page.evaluate(motion)
    assert moving["scroll"] == "smooth"
    assert moving["transition"] != "0s"
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(motion) == {"scroll": "auto", "transition": "0s"}
