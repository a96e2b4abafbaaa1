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


def test_deleting_a_list_or_revoking_every_token_asks_first(page, picard, sign_in):
    from apps.todos.services import device_create, list_create

    inbox = list_create(user="picard", name="Inbox")
    away = list_create(user="picard", name="Away team")
    device_create(user="picard", name="Tricorder", list_id=inbox.item_id)
    sign_in("picard", PASSWORD)
    page.goto(f"/todos/lists/{away.item_id}/")
    page.get_by_text("Rename or delete this list").click()
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Delete list and its todos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Away team")  # still there
    assert questions == ["Delete the list “Away team” and its 0 todos? This cannot be undone."]
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete list and its todos").click()
    expect(page.get_by_role("status")).to_contain_text("The list “Away team” is deleted.")

    page.goto("/todos/devices/")
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Revoke all tokens").click()
    expect(page.get_by_role("heading", name="Tricorder")).to_be_visible()
    assert questions[-1] == "Revoke the tokens of all 1 device? They stop working at once."
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke all tokens").click()
    expect(page.get_by_text("No devices yet.")).to_be_visible()


def test_reorder_buttons_are_big_enough_and_only_where_a_todo_can_move(page, picard, sign_in):
    from apps.todos.services import list_create, todo_create

    inbox = list_create(user="picard", name="Inbox")
    for title in ("Engage", "Make it so", "Tea, Earl Grey, hot"):
        todo_create(user="picard", list_id=inbox.item_id, title=title, due="2026-12-31")
    sign_in("picard", PASSWORD)
    page.goto(f"/todos/lists/{inbox.item_id}/")
    move = page.locator(".todo-move button")
    expect(move).to_have_count(4)  # no ↑ on the first, no ↓ on the last
    expect(page.get_by_role("button", name="Move “Engage” up")).to_have_count(0)
    expect(page.get_by_role("button", name="Move “Tea, Earl Grey, hot” down")).to_have_count(0)
    for box in (button.bounding_box() for button in move.all()):
        assert min(box["width"], box["height"]) >= 24, box
    expect(page.get_by_text("due 31 Dec 2026").first).to_be_visible()


def test_the_edit_page_shows_the_todo_in_a_card_with_its_date(page, picard, sign_in):
    from apps.todos.services import list_create, todo_create

    inbox = list_create(user="picard", name="Inbox")
    todo = todo_create(user="picard", list_id=inbox.item_id, title="Engage", due="2026-12-31")
    sign_in("picard", PASSWORD)
    page.goto(f"/todos/{todo.item_id}/edit")
    form = page.locator("form.stacked")
    expect(form.get_by_label("Due:", exact=True)).to_have_value("2026-12-31")
    assert form.get_by_label("Due:", exact=True).bounding_box()["height"] >= 36
    save = form.get_by_role("button", name="Save").bounding_box()
    cancel = form.get_by_role("link", name="Cancel").bounding_box()
    assert (save["y"], save["height"]) == (cancel["y"], cancel["height"])  # side by side
    form.get_by_label("Due:", exact=True).fill("2027-01-02")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_text("due 2 Jan 2027")).to_be_visible()
