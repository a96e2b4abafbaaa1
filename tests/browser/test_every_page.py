"""Every page of the site and of its admin, at a phone's and a laptop's width, filled
with the longest values a user can enter: none may be wider than the window, no page
carries a script a CSP would block, and axe-core finds no violation of WCAG 2.0, 2.1
or 2.2 at levels A and AA. At the phone's width each page is then switched to the system's
dark colours (prefers-color-scheme, no reload) and axe-core's colour rules run again
(nothing else changes with the colours).

The error pages that take a broken site to reach (429, 503, an expired form) are
swept in test_error_pages.py.

``BROWSER_SCREENSHOTS=<folder>`` saves a screenshot of every page visited, to look at.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.contrib.admin.utils import quote

from tests.browser.conftest import DESKTOP, PHONE
from tests.support.accounts import PASSWORD, factor_enrol
from tests.support.page_checks import contrast_problems, page_problems, screenshot

LONG_TITLE = "W" * 200  # the longest title a captain may give, with no place to break
LONG_URL = "https://example.com/" + "a" * (2048 - len("https://example.com/"))
LONG_EMAIL = "e" * 64 + "@" + "d" * 63 + "." + "d" * 63 + "." + "d" * 50 + ".example"
LONG_USERNAME = "JeanLuc_Picard_of_Enterprise_D"  # the 30 characters allowed
LONG_NAME = "N" * 150
# 280 code points, as long as a dwipp may be, with one unbroken 120-letter word.
LONG_DWIPP = ("D" * 120 + " " + "Shower thought, supplemental. " * 10)[:280]
# 10,000 characters, as long as an entry may be, with one unbroken 200-letter word.
# Not 10,000 letters without a space: headless Chromium then needs over ten
# seconds to draw the edit page's textarea, whatever the site's CSS.
LONG_TEXT = ("W" * 200 + " " + "Captain's log, supplemental. " * 400)[:10_000]
TRANSITIONS_DONE = "Promise.all(document.getAnimations().map((a) => a.finished))"
# (window, whether each page is checked again in dark colours)
SWEEPS = {
    "phone": (PHONE, True),
    "desktop": (DESKTOP, False),
}


@pytest.fixture
def long_values():
    """A staff captain with the longest names, a full log, a long link and a long bill."""
    from apps.accounts.factors import link_create as link_create_for
    from apps.accounts.services import user_create
    from apps.captains_log.services import entry_create
    from apps.shortener.services import link_click_count, link_create, link_edit
    from apps.todos.services import device_create, list_create, todo_create
    from tests.support.billing import bill_bought

    user = user_create(
        username=LONG_USERNAME,
        email=LONG_EMAIL,
        password=PASSWORD,
        first_name=LONG_NAME,
        last_name=LONG_NAME,
        phone_number="+" + "1" * 31,
        bio="B" * 2000,
        is_staff=True,
    )
    factor_enrol(user)  # staff sign in with a second factor
    captain = LONG_USERNAME.casefold()
    start = datetime.now(UTC) - timedelta(hours=1)
    entries = [
        entry_create(
            captain=captain, title=LONG_TITLE, text=LONG_TEXT[:400], at=start + timedelta(minutes=i)
        )
        for i in range(10)
    ]
    entries.append(entry_create(captain=captain, title=LONG_TITLE, text=LONG_TEXT))
    link = link_create(url=LONG_URL, owner=captain, alias="a" * 32)
    used_up = link_create(url=LONG_URL, owner=captain, alias="b" * 32)
    link_edit(code=used_up.code, owner=captain, url=LONG_URL, click_limit=1, fallback_url=LONG_URL)
    link_click_count(link_edit(code=used_up.code, owner=captain, url=LONG_URL, click_limit=1))
    _link_days(link)
    paused = link_create(url=LONG_URL, owner=captain, alias="c" * 32)
    link_edit(code=paused.code, owner=captain, url=LONG_URL, paused=True)
    todo_list = list_create(user=captain, name=LONG_TITLE[:100])
    todos = [
        todo_create(
            user=captain,
            list_id=todo_list.item_id,
            title=LONG_TITLE,
            notes=LONG_TEXT[:400],
            due="2026-12-31",
        )
        for _ in range(3)
    ]
    device_create(user=captain, name=LONG_TITLE[:60], list_id=todo_list.item_id)
    bill = bill_bought(email=LONG_EMAIL, name="X" * 100, buyer=captain)
    dwipps = _long_dwipps(captain)
    worf = user_create(username="Worf", email="worf@enterprise.example", password=PASSWORD)
    _blocked(captain)
    user_create(  # staff who have not set up their second factor yet
        username="Wesley", email="wesley@enterprise.example", password=PASSWORD, is_staff=True
    )
    return {
        "user": user,
        "enrolment_link": "/account/two-factor/link/" + link_create_for(worf) + "/",
        "dwipp": dwipps[-1],
        "entry": entries[-1],
        "link": link,
        "used_up_link": used_up,
        "paused_link": paused,
        "bill": bill,
        "todo_list": todo_list,
        "todo": todos[0],
        "reported": _reported_dwipp(captain),
        **_threads(captain, dwipps[-1]),
    }


IMPORT_CSV = (
    "url,alias,expires_in_days\n"
    f"{LONG_URL},{'d' * 32},30\n"
    "https://example.org/short,,\n"
    "javascript:alert(1),,\n"
    f"https://example.com/{'p' * 300},{'x' * 40},9999\n"
).encode()


def _link_days(link) -> None:
    """90 days of statistics with long referring hosts (as the stream handler leaves them)."""
    from apps.shortener.models import LinkDay, stats_key

    today = datetime.now(UTC).date()
    for n in range(90):
        day = (today - timedelta(days=n)).isoformat()
        hosts = {f"{'h' * 60}.{'x' * 60}.{'y' * 60}.example{m}": n + m for m in range(12)}
        LinkDay(
            stats_key(link),
            day,
            clicks=sum(hosts.values()),
            bots=n % 3,
            referrers=hosts,
            browsers={"Samsung Internet": n, "Firefox": 1},
            devices={"mobile": n, "desktop": 1},
            expires=datetime.now(UTC) + timedelta(days=400),
        ).save()


def _long_dwipps(captain: str) -> list:
    """11 of the captain's dwipps (an older page), upvoted and favourite; a followed author's."""
    from apps.accounts.services import user_create
    from apps.dwipper.services import dwipp_create, favourite_toggle, follow_set, upvote_toggle

    user_create(username="Data", email="data@enterprise.example", password=PASSWORD)
    follow_set(follower=captain, followee="data", on=True)
    dwipp_create(author="data", author_name="Data", text=LONG_DWIPP)
    made = [
        dwipp_create(author=captain, author_name=LONG_USERNAME, text=LONG_DWIPP) for _ in range(11)
    ]
    upvote_toggle(user=captain, dwipp_id=made[-1].dwipp_id, on=True)
    favourite_toggle(user=captain, dwipp_id=made[-1].dwipp_id, on=True)
    return made


def _threads(captain: str, dwipp) -> dict:
    """A reply to the captain's dwipp, the captain's answer to it, replies to a deleted one."""
    from apps.dwipper.services import dwipp_create, dwipp_delete

    text = f"#warp_{'w' * 45} @Data " + LONG_DWIPP[:220]  # a long tag, a mention
    answer = dwipp_create(author="data", author_name="Data", text=text, parent=dwipp.dwipp_id)
    dwipp_create(author=captain, author_name=LONG_USERNAME, text=LONG_DWIPP, parent=answer.dwipp_id)
    gone = dwipp_create(author="data", author_name="Data", text=LONG_DWIPP)
    dwipp_create(author=captain, author_name=LONG_USERNAME, text=LONG_DWIPP, parent=gone.dwipp_id)
    dwipp_delete(author="data", dwipp_id=gone.dwipp_id)
    return {"answer": answer, "gone": gone}


def _blocked(captain: str) -> None:
    """The captain blocks Worf (whose profile then says so)."""
    from apps.dwipper.services import block_set

    block_set(blocker=captain, blocked="worf", on=True)


def _reported_dwipp(captain: str):
    """A dwipp of another author that the captain has reported."""
    from apps.dwipper.services import dwipp_create, report_create

    made = dwipp_create(author="data", author_name="Data", text=LONG_DWIPP)
    report_create(reporter=captain, dwipp_id=made.dwipp_id, reason="R" * 500)
    return made


def _submit(page, path: str, fields: dict[str, str], button: str) -> None:
    page.goto(path)
    _fill(page, fields, button)


def _fill(page, fields: dict[str, str], button: str) -> None:
    """Fill in the form on the page the browser is on, and send it."""
    for label, value in fields.items():
        page.get_by_label(f"{label}:", exact=True).fill(value)
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()


def _anonymous_pages(data):
    bill, link = data["bill"], data["link"]
    tampered = bill.signature[:-4] + ("AAAA" if not bill.signature.endswith("AAAA") else "BBBB")
    return {
        "home": lambda page: page.goto("/"),
        "sign in": lambda page: page.goto("/login/"),
        "sign in, refused": lambda page: _submit(
            page, "/login/", {"Username or email": LONG_EMAIL, "Password": "wrong"}, "Sign in"
        ),
        "sign up": lambda page: page.goto("/signup/"),
        "sign up, with errors": lambda page: _submit(
            page,
            "/signup/",
            {
                "Username": "x" * 30 + "!",
                "Email": "not an email",
                "Password": "a",
                "Password again": "b",
            },
            "Sign up",
        ),
        "password reset": lambda page: page.goto("/account/password/reset/"),
        "password reset sent": lambda page: page.goto("/account/password/reset/sent/"),
        "password reset, bad link": lambda page: page.goto("/account/reset/MQ/bad-token/"),
        "password reset done": lambda page: page.goto("/account/reset/done/"),
        "shorten": lambda page: page.goto("/shorten/"),
        "shorten, with errors": lambda page: _submit(
            page, "/shorten/", {"Long URL": "h" * 2048}, "Shorten"
        ),
        "link preview": lambda page: page.goto(f"/{link.code}+"),
        "link, click limit reached": lambda page: page.goto(f"/{data['used_up_link'].code}"),
        "link preview, click limit reached": lambda page: page.goto(
            f"/{data['used_up_link'].code}+"
        ),
        "link, paused": lambda page: page.goto(f"/{data['paused_link'].code}"),
        "link preview, paused": lambda page: page.goto(f"/{data['paused_link'].code}+"),
        "shop": lambda page: page.goto("/billing/"),
        "shop, with errors": lambda page: _submit(
            page, "/billing/", {"Email": "x" * 254}, f"Pay {bill.amount} {bill.currency}"
        ),
        "bill": lambda page: page.goto(f"/billing/bills/{bill.token}/"),
        "verify": lambda page: page.goto("/billing/verify/"),
        "verify, authentic": lambda page: page.goto(f"/billing/verify/{bill.signature}"),
        "verify, tampered": lambda page: page.goto(f"/billing/verify/{tampered}"),
        "dwipper": lambda page: page.goto("/dwipper/"),
        "dwipper profile": lambda page: page.goto(f"/dwipper/u/{LONG_USERNAME}/"),
        "404": lambda page: page.goto("/no/such/page/"),
        "sign out, not signed in": lambda page: page.goto("/logout/"),
        "account deleted": lambda page: page.goto("/account/deleted/"),
        "admin sign in": lambda page: page.goto("/admin/login/"),
        **_two_factor_pages(data),
    }


def _enrolment_code(page, keys: dict[str, str]) -> None:
    """Type the code of the key the QR page shows, as the authenticator app would (and keep
    the key, as the app does)."""
    import pyotp

    keys["secret"] = page.locator("code.secret").inner_text().replace(" ", "")
    code = {"Code from your authenticator app": pyotp.TOTP(keys["secret"]).now()}
    _fill(page, code, "Turn on two-factor sign-in")


def _factor_off(page, keys: dict[str, str]) -> None:
    """Turn it off with the password and the app's next code (the current one was taken)."""
    import time

    import pyotp

    code = pyotp.TOTP(keys["secret"]).at(time.time() + 30)
    fields = {"Your password": PASSWORD, "Code from your authenticator app": code}
    _submit(page, "/account/two-factor/off/", fields, "Turn it off")


def _two_factor_pages(data):
    """Enrolment through a link, turning it off and on again from the account page, the code
    and recovery pages of a sign-in (Worf, an ordinary user)."""
    link = data["enrolment_link"]
    password = {"Your password": PASSWORD}
    keys: dict[str, str] = {}  # the key of Worf's authenticator app
    return {
        "sign in, staff without a second factor": lambda page: _submit(
            page, "/login/", {"Username or email": "wesley", "Password": PASSWORD}, "Sign in"
        ),
        "enrolment link, not valid": lambda page: page.goto("/account/two-factor/link/forged/"),
        "enrolment link": lambda page: page.goto(link),
        "enrolment link, wrong password": lambda page: _submit(
            page, link, {"Your password": "wrong"}, "Continue"
        ),
        "enrolment, QR code": lambda page: _submit(page, link, password, "Continue"),
        "enrolment, wrong code": lambda page: _fill(
            page, {"Code from your authenticator app": "000000"}, "Turn on two-factor sign-in"
        ),
        "enrolment, recovery codes": lambda page: _enrolment_code(page, keys),
        "profile, two-factor on": lambda page: page.goto("/account/"),
        "turn off two-factor": lambda page: page.goto("/account/two-factor/off/"),
        "turn off two-factor, with errors": lambda page: _submit(
            page, "/account/two-factor/off/", {"Your password": "wrong"}, "Turn it off"
        ),
        "profile, two-factor turned off": lambda page: _factor_off(page, keys),
        "opt in to two-factor": lambda page: page.goto("/account/two-factor/enrol/"),
        "opt in to two-factor, QR code": lambda page: _submit(
            page, "/account/two-factor/enrol/", password, "Continue"
        ),
        "opt in to two-factor, recovery codes": lambda page: _enrolment_code(page, keys),
        "sign in, code page": lambda page: (
            page.context.clear_cookies(),
            _submit(
                page, "/login/", {"Username or email": "worf", "Password": PASSWORD}, "Sign in"
            ),
        ),
        "sign in, wrong code": lambda page: _fill(
            page, {"Code from your authenticator app": "000000"}, "Sign in"
        ),
        "sign in, recovery code page": lambda page: page.goto("/login/recovery/"),
    }


def _signed_in_pages(data):
    entry = data["entry"]
    return {
        "home, signed in": lambda page: page.goto("/"),
        "profile": lambda page: page.goto("/account/"),
        "turn on two-factor, staff are sent back": lambda page: page.goto(
            "/account/two-factor/enrol/"
        ),
        "API keys, none": lambda page: page.goto("/account/keys/"),
        "make an API key": lambda page: page.goto("/account/keys/new/"),
        "make an API key, with errors": lambda page: _submit(
            page, "/account/keys/new/", {"Name": "x" * 60, "Your password": "wrong"}, "Make the key"
        ),
        "API key made": lambda page: (
            page.get_by_label("Shorten links, list yours and read their statistics").check(),
            _fill(page, {"Your password": PASSWORD}, "Make the key"),
        ),
        "API keys": lambda page: page.goto("/account/keys/"),
        "edit profile": lambda page: page.goto("/account/edit/"),
        "edit profile, with errors": lambda page: _submit(
            page, "/account/edit/", {"Phone number": "x" * 32, "Email": ""}, "Save"
        ),
        "change password": lambda page: page.goto("/account/password/"),
        "change password, with errors": lambda page: _submit(
            page, "/account/password/", {"Old password": "wrong"}, "Change password"
        ),
        "password changed": lambda page: page.goto("/account/password/done/"),
        "delete account": lambda page: page.goto("/account/delete/"),
        "delete account, wrong password": lambda page: _submit(
            page, "/account/delete/", {"Your password": "wrong"}, "Delete my account"
        ),
        "log": lambda page: page.goto("/log/"),
        "log, older page": lambda page: page.get_by_role("link", name="Older entries").click(),
        "log, bad page": lambda page: page.goto("/log/?older=nonsense"),
        "new log entry": lambda page: page.goto("/log/new/"),
        "new log entry, with errors": lambda page: _submit(
            page, "/log/new/", {"Title": "", "Entry": ""}, "Record entry"
        ),
        "log entry": lambda page: page.goto(f"/log/{entry.entry_id}/"),
        "edit log entry": lambda page: page.goto(f"/log/{entry.entry_id}/edit/"),
        "delete log entry": lambda page: page.goto(f"/log/{entry.entry_id}/delete/"),
        "my links": lambda page: page.goto("/shorten/mine/"),
        "link preview, owner": lambda page: page.goto(f"/{data['link'].code}+"),
        "edit link": lambda page: page.goto(f"/shorten/mine/edit/{data['link'].code}"),
        "import links": lambda page: page.goto("/shorten/import/"),
        "import links, with errors": lambda page: (
            page.goto("/shorten/import/"),
            page.get_by_label("CSV file:").set_input_files(
                files=[{"name": "links.csv", "mimeType": "text/csv", "buffer": b"\xff\xfe"}]
            ),
            page.get_by_role("button", name="Check the file").click(),
        ),
        "import links, dry run": lambda page: (
            page.goto("/shorten/import/"),
            page.get_by_label("CSV file:").set_input_files(
                files=[{"name": "links.csv", "mimeType": "text/csv", "buffer": IMPORT_CSV}]
            ),
            page.get_by_role("button", name="Check the file").click(),
        ),
        "import links, progress": lambda page: page.get_by_role(
            "button", name="Make 2 links"
        ).click(),
        "link statistics": lambda page: page.goto(f"/shorten/stats/{data['link'].code}"),
        "link statistics, 90 days, table open": lambda page: (
            page.goto(f"/shorten/stats/{data['link'].code}?days=90"),
            page.get_by_text("Clicks per day as a table").click(),
        ),
        "link statistics, no clicks": lambda page: page.goto(
            f"/shorten/stats/{data['paused_link'].code}"
        ),
        "link statistics, bad period": lambda page: page.goto(
            f"/shorten/stats/{data['link'].code}?days=7"
        ),
        "edit link, with errors": lambda page: _submit(
            page,
            f"/shorten/mine/edit/{data['link'].code}",
            {"Leads to": "javascript:x", "Click limit (optional)": "0"},
            "Save",
        ),
        "shop, signed in": lambda page: page.goto("/billing/"),
        "staff bills": lambda page: page.goto("/billing/bills/"),
        "my bills": lambda page: page.goto("/billing/mine/"),
        "sign out, asks first": lambda page: page.goto("/logout/"),
        "todos": lambda page: page.goto("/todos/"),
        "todo list": lambda page: page.goto(f"/todos/lists/{data['todo_list'].item_id}/"),
        "todo list, completed": lambda page: page.goto(
            f"/todos/lists/{data['todo_list'].item_id}/?show=completed"
        ),
        "edit todo": lambda page: page.goto(f"/todos/{data['todo'].item_id}/edit"),
        "edit todo, with errors": lambda page: _submit(
            page, f"/todos/{data['todo'].item_id}/edit", {"Title": ""}, "Save"
        ),
        "devices": lambda page: page.goto("/todos/devices/"),
        "dwipper, signed in": lambda page: page.goto("/dwipper/"),
        "dwipper, older page": lambda page: page.get_by_role("link", name="Older").click(),
        "new dwipp, with errors": lambda page: _submit(
            page, "/dwipper/post", {"Your dwipp": LONG_DWIPP + "x"}, "Dwipp it"
        ),
        "dwipper following": lambda page: page.goto("/dwipper/following/"),
        "my dwipps": lambda page: page.goto("/dwipper/mine/"),
        "favourites": lambda page: page.goto("/dwipper/favourites/"),
        "dwipper profile, own": lambda page: page.goto(f"/dwipper/u/{LONG_USERNAME}/"),
        "dwipper profile, other": lambda page: page.goto("/dwipper/u/Data/"),
        "one dwipp": lambda page: page.goto(f"/dwipper/d/{data['dwipp'].dwipp_id}/"),
        "a reply, with its thread": lambda page: page.goto(
            f"/dwipper/d/{data['answer'].dwipp_id}/"
        ),
        "replies to a deleted dwipp": lambda page: page.goto(
            f"/dwipper/d/{data['gone'].dwipp_id}/"
        ),
        "notifications": lambda page: page.goto("/dwipper/notifications/"),
        "a form's address, opened (405)": lambda page: page.goto("/dwipper/notifications/settings"),
        "dwipper profile, blocked": lambda page: page.goto("/dwipper/u/Worf/"),
        "tag page": lambda page: page.goto(f"/dwipper/t/warp_{'w' * 45}/"),
        "reply to a dwipp": lambda page: page.goto(f"/dwipper/d/{data['answer'].dwipp_id}/reply"),
        "reply, with errors": lambda page: _submit(
            page, f"/dwipper/d/{data['answer'].dwipp_id}/reply", {"Your dwipp": ""}, "Reply"
        ),
        "edit dwipp": lambda page: page.goto(f"/dwipper/d/{data['dwipp'].dwipp_id}/edit"),
        "delete dwipp": lambda page: page.goto(f"/dwipper/d/{data['dwipp'].dwipp_id}/delete"),
        "report dwipp": lambda page: page.goto(f"/dwipper/d/{data['dwipp'].dwipp_id}/report"),
        "report dwipp, reported": lambda page: page.goto(
            f"/dwipper/d/{data['reported'].dwipp_id}/report"
        ),
    }


def _sweep(page, visits, sweep: str) -> list[str]:
    """Visit each page (None: sign in as the staff captain) and check it; the problems found."""
    window, dark_too = SWEEPS[sweep]
    page.set_viewport_size(window)
    problems = []
    for name, visit in visits:
        page.emulate_media(color_scheme="light")
        visit(page)
        checks = page_problems(page)
        _screenshot(page, sweep, name)
        if dark_too:
            page.emulate_media(color_scheme="dark")
            # Links and buttons fade to their dark colours (the site's and the admin's
            # CSS transitions): axe-core reads them once they are there.
            page.evaluate(TRANSITIONS_DONE)
            checks += [f"{line} (dark)" for line in contrast_problems(page)]
            _screenshot(page, f"{sweep}-dark", name)
        problems += [f"{name} ({page.url}): {line}" for line in checks]
    return problems


def _screenshot(page, sweep: str, name: str) -> None:
    """Into BROWSER_SCREENSHOTS/<sweep>/ when that is set."""
    screenshots = os.environ.get("BROWSER_SCREENSHOTS")
    if screenshots:
        folder = Path(screenshots) / sweep
        folder.mkdir(parents=True, exist_ok=True)
        screenshot(page, folder / f"{name.replace(' ', '-').replace(',', '')}.png")


@pytest.mark.parametrize("sweep", SWEEPS)
def test_every_page_fits_the_window_and_passes_axe_core(page, long_values, sweep):
    problems = _sweep(page, _anonymous_pages(long_values).items(), sweep)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("sweep", SWEEPS)
def test_every_signed_in_page_fits_the_window_and_passes_axe_core(
    page, sign_in, long_values, sweep
):
    sign_in(LONG_USERNAME, PASSWORD)
    problems = _sweep(page, _signed_in_pages(long_values).items(), sweep)
    assert not problems, "\n".join(problems)


def _admin_pages(data):
    captain = LONG_USERNAME.casefold()
    entry, todo_list = data["entry"], data["todo_list"]
    pages = {
        "admin index": "/admin/",
        "admin users": "/admin/accounts/user/",
        "admin users, searched": "/admin/accounts/user/?q=ean",
        "admin user": f"/admin/accounts/user/{LONG_USERNAME}/change/",
        "admin user, password": f"/admin/accounts/user/{LONG_USERNAME}/password/",
        "admin user, history": f"/admin/accounts/user/{LONG_USERNAME}/history/",
        "admin user, delete": f"/admin/accounts/user/{LONG_USERNAME}/delete/",
        "admin user, two-factor": f"/admin/accounts/user/{LONG_USERNAME}/two-factor/",
        "admin add user": "/admin/accounts/user/add/",
        "admin links": "/admin/shortener/link/",
        "admin link": f"/admin/shortener/link/{data['link'].code}/change/",
        "admin bills": "/admin/billing/bill/",
        "admin bill": f"/admin/billing/bill/{quote(data['bill'].token)}/change/",
        "admin log entries": f"/admin/captains_log/logentry/?q={captain}",
        "admin log entry": f"/admin/captains_log/logentry/{captain}_2F{entry.entry_id}/change/",
        "admin todo lists": "/admin/todos/todolist/",
        "admin todo list": f"/admin/todos/todolist/{captain}_2F{todo_list.item_id}/change/",
        "admin todos": f"/admin/todos/todo/?q={captain}",
        "admin todo": f"/admin/todos/todo/{captain}_2F{data['todo'].item_id}/change/",
        "admin devices": f"/admin/todos/device/?q={captain}",
        "admin dwipps": "/admin/dwipper/dwipp/",
        "admin dwipp": f"/admin/dwipper/dwipp/{data['dwipp'].dwipp_id}/change/",
        "admin dwipp reports": "/admin/dwipper/report/",
        "admin dwipp, delete": f"/admin/dwipper/dwipp/{data['dwipp'].dwipp_id}/delete/",
    }
    visits = {name: (lambda page, path=path: page.goto(path)) for name, path in pages.items()}
    visits["admin user, two-factor, link made"] = lambda page: (
        page.goto("/admin/accounts/user/Worf/two-factor/"),
        page.get_by_role("button", name="Make a new enrolment link").click(),
        page.wait_for_load_state(),
    )
    return visits


@pytest.mark.parametrize("sweep", SWEEPS)
def test_every_admin_page_fits_the_window_and_passes_axe_core(page, sign_in, long_values, sweep):
    from apps.accounts.selectors import user_get

    staff = user_get(username=LONG_USERNAME)
    staff.is_superuser = True
    staff.save()
    sign_in(LONG_USERNAME, PASSWORD)
    problems = _sweep(page, _admin_pages(long_values).items(), sweep)
    assert not problems, "\n".join(problems)
