"""Todo lists, todos and devices in the admin: per user, edited through the services,
devices revoked (the token stops at once) and never shown."""

from apps.todos.selectors import list_get, todo_get
from apps.todos.services import todo_create
from tests.support.todos import call, token_for

LISTS, TODOS, DEVICES = (f"/admin/todos/{name}/" for name in ("todolist", "todo", "device"))


def test_a_users_todos_are_listed_and_edited_through_the_services(riker, client, picard):
    device = token_for(client)
    list_id = device["device"]["list"]
    todo = todo_create(user="picard", list_id=list_id, title="Engage")
    rows = riker.get(TODOS, {"q": "picard"}).context["cl"].result_list
    assert [row.title for row in rows] == ["Engage"]
    url = f"{TODOS}picard_2F{todo.item_id}/change/"
    version = riker.get(url).context["adminform"].form["loaded_version"].value()
    form = {"title": "Make it so", "notes": "", "due": "2026-12-24", "completed": "on"}
    assert riker.post(url, {**form, "loaded_version": version}).status_code == 302
    saved = todo_get(user="picard", todo_id=todo.item_id)
    assert (saved.title, saved.due, saved.completed) == ("Make it so", "2026-12-24", True)
    stale = riker.post(url, {**form, "title": "Stale", "loaded_version": version})
    assert "was changed somewhere else" in stale.content.decode()
    assert todo_get(user="picard", todo_id=todo.item_id).title == "Make it so"
    # The device syncing sees the admin's edit.
    listed = call(client, "GET", "/api/todos/", token=device["token"]).json()["todos"]
    assert [t["title"] for t in listed] == ["Make it so"]


def test_lists_are_renamed_and_deleted_with_their_todos(riker, picard):
    refused = riker.post(f"{LISTS}add/", {"user": "nobody", "name": "Away team"})
    assert "No account has this username." in refused.content.decode()
    riker.post(f"{LISTS}add/", {"user": "Picard", "name": "Away team"})
    (row,) = riker.get(LISTS, {"q": "picard"}).context["cl"].result_list
    todo_create(user="picard", list_id=row.item.item_id, title="Beam down")
    url = f"{LISTS}picard_2F{row.item.item_id}/"
    version = riker.get(url + "change/").context["adminform"].form["loaded_version"].value()
    riker.post(url + "change/", {"name": "Away team 2", "loaded_version": version})
    assert list_get(user="picard", list_id=row.item.item_id).name == "Away team 2"
    assert "Every todo in this list" in riker.get(url + "delete/").content.decode()
    riker.post(url + "delete/", {"post": "yes"})
    assert list_get(user="picard", list_id=row.item.item_id) is None
    assert list(riker.get(TODOS, {"q": "picard"}).context["cl"].result_list) == []


def test_revoking_a_device_in_the_admin_stops_its_token_which_is_never_shown(riker, client, picard):
    device = token_for(client)
    token = device["token"]
    assert call(client, "GET", "/api/todos/", token=token).status_code == 200
    listing = riker.get(DEVICES, {"q": "picard"})
    (row,) = listing.context["cl"].result_list
    page = riker.get(f"{DEVICES}picard_2F{row.item.item_id}/change/").content.decode()
    for shown in (listing.content.decode(), page):
        assert token not in shown
        assert row.item.token_hash not in shown
    assert (
        "stops working at once"
        in riker.get(f"{DEVICES}picard_2F{row.item.item_id}/delete/").content.decode()
    )
    riker.post(f"{DEVICES}picard_2F{row.item.item_id}/delete/", {"post": "yes"})
    assert call(client, "GET", "/api/todos/", token=token).status_code == 401
