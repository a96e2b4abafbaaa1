"""The error pages a person can meet, reached as they would be, at both widths."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS
from tests.support.page_checks import page_problems


def _heading(page):
    return page.get_by_role("heading", level=1)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_404_expired_form_429_and_503_pages(context, page, settings, dynamodb_proxy, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    problems = []

    assert page.goto("/no/such/page/").status == 404
    expect(_heading(page)).to_have_text("Page not found")
    problems += page_problems(page, axe=viewport == "phone")

    page.goto("/login/")
    context.clear_cookies()  # the CSRF cookie is gone, as after a browser restart
    page.get_by_label("Username or email:", exact=True).fill("picard")
    page.get_by_label("Password:", exact=True).fill("wrong")
    with page.expect_response("**/login/") as answer:
        page.get_by_role("button", name="Sign in").click()
    assert answer.value.status == 403
    expect(_heading(page)).to_have_text("This form has expired")
    problems += page_problems(page, axe=viewport == "phone")

    settings.SHORTENER_RATE_ANONYMOUS = "1/h"
    for _ in range(2):
        page.goto("/shorten/")
        page.get_by_label("Long URL:", exact=True).fill("https://example.com/")
        page.get_by_role("button", name="Shorten").click()
    # The form answers 429 itself, keeping what was typed while the visitor waits.
    expect(page.get_by_role("alert")).to_contain_text("Too many short links from your network")
    expect(page.get_by_label("Long URL:", exact=True)).to_have_value("https://example.com/")
    problems += page_problems(page, axe=viewport == "phone")

    with dynamodb_proxy.broken("refuse"):
        assert page.goto("/abcdefg+").status == 503
        expect(_heading(page)).to_have_text("Temporarily unavailable")
        problems += page_problems(page, axe=viewport == "phone")
    assert not problems, "\n".join(problems)
