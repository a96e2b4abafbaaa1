"""The URL shortener in a real browser: shorten, copy, follow, preview, list, delete."""

import re

from playwright.sync_api import expect

from tests.support.accounts import PASSWORD

DESTINATION = "https://example.com/a/very/long/path"


def test_shorten_copy_visit_preview_list_and_delete(context, page, picard, sign_in, live_site):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_site.url)
    sign_in("picard", PASSWORD)
    page.goto("/shorten/")
    page.get_by_label("Long URL:", exact=True).fill(DESTINATION)
    page.get_by_role("button", name="Shorten").click()
    expect(page.get_by_role("status")).to_contain_text("Your short link is ready.")
    short_url = page.locator("#short-url").inner_text()
    assert re.fullmatch(rf"{live_site.url}/[A-Za-z0-9]{{7}}", short_url)
    preview = page.url
    assert preview == short_url + "+"

    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == short_url

    # The machine has no way out to example.com, and Playwright does not intercept the
    # request a redirect leads to: the visit stops at the redirect, with the browser's cookies.
    visit = context.request.get(short_url, max_redirects=0)
    assert visit.status == 301
    assert visit.headers["location"] == DESTINATION
    page.goto(preview)
    expect(page.get_by_text(DESTINATION, exact=True)).to_be_visible()
    expect(page.locator(".details dd").first).to_have_text("1")  # clicks

    # My links has no copy button yet (the newcomer issue adds one): the list is what is tested.
    page.goto("/shorten/")
    page.get_by_role("link", name="My links").click()
    code = short_url.rsplit("/", 1)[1]
    row = page.get_by_role("row").filter(has_text=f"/{code}")
    expect(row).to_contain_text(DESTINATION)
    page.once("dialog", lambda dialog: dialog.dismiss())
    row.get_by_role("button", name="Delete").click()
    expect(row).to_be_visible()  # "Cancel" in the confirm dialog keeps the link
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Delete").click()
    expect(page.get_by_role("status")).to_contain_text(f"The short link /{code} is deleted.")
    expect(page.get_by_text("You have not shortened any links yet.")).to_be_visible()
    assert page.goto(short_url).status == 404


LINES = """(el) => {
  const text = document.createRange();
  text.selectNodeContents(el);
  const rects = [...text.getClientRects()].filter((r) => r.width > 1);
  return new Set(rects.map((r) => Math.round(r.top))).size;
}"""


def test_my_links_on_a_laptop_keep_each_date_and_button_on_one_line(page, picard, sign_in):
    from apps.shortener.services import link_create

    for n in range(3):
        link_create(url="https://example.com/" + "path/" * 100 + str(n), owner="picard")
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in("picard", PASSWORD)
    page.goto("/shorten/mine/")
    row = page.get_by_role("row").nth(1)
    for cell in ("Created", "Expires"):
        assert row.locator(f'td[data-label="{cell}"] time').evaluate(LINES) == 1, cell
    for control in ("Copy", "Delete"):
        assert row.get_by_role("button", name=control).evaluate(LINES) == 1, control


def test_the_owner_limits_clicks_and_the_link_then_says_it_is_gone(page, picard, sign_in):
    from apps.shortener.services import link_create

    link = link_create(url=DESTINATION, owner="picard")
    sign_in("picard", PASSWORD)
    page.goto(f"/{link.code}+")
    page.get_by_role("link", name="Edit this link").click()
    page.get_by_label("Click limit (optional):").fill("1")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").first).to_contain_text(
        f"The short link /{link.code} is saved."
    )
    expect(page.locator(".details dd").first).to_have_text("0 of at most 1")
    assert page.request.get(f"/{link.code}", max_redirects=0).status == 301
    response = page.goto(f"/{link.code}")
    assert response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This short link leads nowhere any more"
    )
    page.goto(f"/{link.code}+")
    expect(page.get_by_text("This link has reached its click limit")).to_be_visible()


def test_the_owner_reads_a_links_statistics(browser, live_site, picard, sign_in, page, streams):
    from apps.shortener.services import link_create

    link = link_create(url=DESTINATION, owner="picard")
    # Headless Chromium says so in its user agent, and is counted as a bot: a person's browser.
    agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0.0.0 Safari/537.36"
    visitor = browser.new_context(base_url=live_site.url, user_agent=agent)
    for referer in ("https://news.example.org/a", "https://news.example.org/b", None):
        headers = {"Referer": referer} if referer else {}
        assert visitor.request.get(f"/{link.code}", max_redirects=0, headers=headers).status == 301
    visitor.close()
    streams.drain()
    sign_in("picard", PASSWORD)
    page.goto("/shorten/mine/")
    page.get_by_role("link", name=f"Statistics of /{link.code}").click()
    expect(page.locator("#clicks-total")).to_have_text("3")
    expect(page.get_by_role("img", name=re.compile("3 in all"))).to_be_visible()
    expect(page.get_by_role("row", name="news.example.org 2")).to_be_visible()
    page.get_by_text("Clicks per day as a table").click()
    expect(page.get_by_role("table", name=re.compile("Clicks per day"))).to_contain_text("3")
    page.get_by_role("link", name="Last 90 days").click()
    expect(page.get_by_text("Last 90 days", exact=True)).to_have_attribute("aria-current", "page")


def test_import_a_csv_check_it_then_make_the_links(page, picard, sign_in, streams):
    sign_in("picard", PASSWORD)
    page.goto("/shorten/mine/")
    page.get_by_role("link", name="Import from a CSV file").click()
    csv = b"url,alias\nhttps://example.com/one,first-one\nnot a url\nhttps://example.com/two,\n"
    page.get_by_label("CSV file:").set_input_files(
        files=[{"name": "links.csv", "mimeType": "text/csv", "buffer": csv}]
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("2 of 3 rows will become links")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("not a url"))).to_contain_text("Not made")
    page.get_by_role("button", name="Make 2 links").click()
    expect(page.get_by_role("status").first).to_contain_text("Your links are being made")
    streams.drain()
    expect(page.locator("#import-progress")).to_contain_text("Done.", timeout=10_000)
    page.get_by_role("link", name="My links").last.click()
    expect(page.get_by_role("row").filter(has_text="/first-one")).to_be_visible()
