"""Todos in a real browser: add, complete, reorder, clear and filter, without a page reload."""

from playwright.sync_api import expect

from tests.support.accounts import PASSWORD


def test_a_todo_list_is_kept_without_page_reloads(page, picard, sign_in):
    sign_in("picard", PASSWORD)
    page.goto("/todos/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")
    page.evaluate("window.notReloaded = true")
    new_todo = page.get_by_label("What needs to be done?")
    for title in ("Engage", "Make it so", "Tea, Earl Grey, hot"):
        new_todo.fill(title)
        new_todo.press("Enter")
        expect(page.get_by_role("link", name=title)).to_be_visible()
        new_todo = page.get_by_label("What needs to be done?")
    expect(page.get_by_text("3 items left")).to_be_visible()

    page.get_by_role("button", name="Mark “Engage” done").click()
    expect(page.get_by_text("2 items left")).to_be_visible()
    page.get_by_role("button", name="Move “Tea, Earl Grey, hot” up").click()
    titles = page.locator(".todo-title")
    expect(titles).to_have_text(["Engage", "Tea, Earl Grey, hot", "Make it so"])
    page.get_by_role("button", name="Clear completed (1)").click()
    expect(titles).to_have_text(["Tea, Earl Grey, hot", "Make it so"])
    assert page.evaluate("window.notReloaded") is True

    page.get_by_role("button", name="Mark “Make it so” done").click()
    page.get_by_role("link", name="Completed").click()
    expect(titles).to_have_text(["Make it so"])
    page.get_by_role("link", name="Active").click()
    expect(titles).to_have_text(["Tea, Earl Grey, hot"])
