"""The watch every browser test runs under reports what would break under a CSP."""

from tests.browser.conftest import watch


def test_a_content_security_policy_violation_is_reported(browser, live_site):
    context = browser.new_context(base_url=live_site.url)
    problems = watch(context)
    page = context.new_page()
    # The site sends no CSP of its own yet (the hardening issue adds it): this page does.
    page.route(
        "**/csp-probe",
        lambda route: route.fulfill(
            headers={"Content-Security-Policy": "script-src 'self'"},
            content_type="text/html",
            body='<!doctype html><button onclick="alert(1)">x</button><script>1</script>',
        ),
    )
    page.goto("/csp-probe")
    page.get_by_role("button").click()
    page.wait_for_function("1")  # one more round trip: the report has arrived
    context.close()
    assert any("Content-Security-Policy violation: script-src" in line for line in problems)


def test_an_uncaught_script_error_is_reported(browser, live_site):
    context = browser.new_context(base_url=live_site.url)
    problems = watch(context)
    page = context.new_page()
    page.goto("/")
    with page.expect_event("pageerror"):  # waits for it, up to Playwright's timeout
        page.evaluate("setTimeout(() => { throw new Error('boom'); })")
    context.close()
    assert any("boom" in line for line in problems)
