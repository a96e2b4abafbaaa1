"""Real-browser tests: Playwright drives Chromium against the site on a live server.

One browser for the whole run (pytest-playwright's session ``browser``), a fresh
context per test. Every page a test opens is watched: a Content-Security-Policy
violation or an uncaught JavaScript error fails the test. A failed test leaves a
screenshot and the HTML of each of its pages in .browser-failures/<test>/.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.support.browser import LAUNCH_ARGS, NO_BROWSER, installed_chromium, playwright_chromium
from tests.support.live_server import LiveServer
from tests.support.page_checks import screenshot

FAILURES_DIR = Path(__file__).resolve().parents[2] / ".browser-failures"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
TIMEOUT_MS = 10_000
reports_key = pytest.StashKey[dict]()

# Runs in every page before the site's own scripts. The binding is Playwright's,
# not a script of the page, so a Content-Security-Policy cannot block it.
WATCH_PAGE = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__browserTestProblem(
    `Content-Security-Policy violation: ${event.violatedDirective} blocked `
    + `${event.blockedURI || "an inline script, style or handler"}`
    + (event.sourceFile ? ` (${event.sourceFile}:${event.lineNumber})` : "")
  );
});
"""


def pytest_collection_modifyitems(items):
    """Every test of this folder is a browser test (``-m browser``, ``-m "not browser"``)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(reports_key, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def chromium_path(playwright, pytestconfig):
    path = installed_chromium() or playwright_chromium(playwright)
    if path is None:
        pytest.skip(NO_BROWSER)
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_path):
    """pytest-playwright's launch options (--headed, --slowmo) on the chosen Chromium."""
    return {**browser_type_launch_args, "executable_path": chromium_path, "args": LAUNCH_ARGS}


@pytest.fixture(scope="session")
def live_site(dynamodb):
    """The site on a free port of 127.0.0.1 (not pytest-django's live_server: no database)."""
    shutil.rmtree(FAILURES_DIR, ignore_errors=True)
    server = LiveServer().start()
    yield server
    server.stop()


@pytest.fixture
def context(browser, live_site, request):
    """A fresh browser context on the live site that fails the test on CSP violations."""
    context = browser.new_context(base_url=live_site.url, viewport=DESKTOP)
    context.set_default_timeout(TIMEOUT_MS)
    problems = watch(context)
    yield context
    reports = request.node.stash.get(reports_key, {})
    if problems or any(report.failed for report in reports.values()):
        _save_pages(context, request.node.nodeid)
    context.close()
    if problems:
        pytest.fail("The browser reported:\n" + "\n".join(problems))


def watch(context) -> list[str]:
    """The list that CSP violations and uncaught errors of the context's pages go to."""
    problems: list[str] = []
    context.expose_binding(
        "__browserTestProblem",
        lambda source, text: problems.append(f"{source['page'].url}: {text}"),
    )
    context.add_init_script(WATCH_PAGE)
    context.on(
        "page",
        lambda page: page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}")),
    )
    return problems


def _save_pages(context, nodeid: str) -> None:
    from playwright.sync_api import Error

    folder = FAILURES_DIR / re.sub(r"[^A-Za-z0-9_.-]+", "-", nodeid).strip("-")[:150]
    folder.mkdir(parents=True, exist_ok=True)
    for number, page in enumerate(context.pages, start=1):
        try:
            screenshot(page, folder / f"page-{number}.png")
            (folder / f"page-{number}.html").write_text(
                f"<!-- {page.url} -->\n{page.content()}", encoding="utf-8"
            )
        except Error as error:
            (folder / f"page-{number}.error.txt").write_text(str(error), encoding="utf-8")


@pytest.fixture
def sign_in(context, live_site):
    """sign_in(username, password): give the browser a session, as if it had signed in
    (through the sign-in page, and the code page for an account with a second factor)."""
    from django.conf import settings
    from django.test import Client

    from apps.accounts.selectors import user_get
    from tests.support.accounts import sign_in as sign_in_through_the_doors

    def sign_in(username: str, password: str) -> None:
        client = Client()
        sign_in_through_the_doors(client, user_get(username=username), password=password)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_site.url}]
        )

    return sign_in
