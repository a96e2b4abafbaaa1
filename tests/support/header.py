"""The site's header in browser tests: its menus are <details>, opened before their links
are used."""

from __future__ import annotations


def account_menu(page):
    """The menu under the signed-in username (a wide window), opened: the account's links,
    the staff pages, the admin and Sign out are in it."""
    menu = page.locator("details.account-menu")
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()
    return menu


def account_button(page):
    """The header's button that names who is signed in ("Account of Riker")."""
    return page.locator("summary.account-button")
