"""The todos pages through the test client: lists, todos, filters, devices."""

import html
import re

import pytest

from apps.todos.models import Record
from tests.support.dynamodb import item_count
from tests.support.todos import call


def first_list(client) -> str:
    response = client.get("/todos/")
    assert response.status_code == 302
    return response["Location"]


def titles(client, url) -> list[str]:
    page = client.get(url).content.decode()
    return [html.unescape(t) for t in re.findall(r'class="todo-title">([^<]*)<', page)]


def add(client, url, title):
    response = client.post(url + "add", {"title": title})
    assert response.status_code == 302
    return response


def todo_ids(client, url) -> list[str]:
    return re.findall(r"/todos/([0-9a-f]{19})/toggle", client.get(url).content.decode())


def test_signed_out_visitors_go_to_sign_in_and_come_back(client):
    response = client.get("/todos/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/todos/"


def test_a_first_visit_makes_an_inbox_once(signed_in):
    url = first_list(signed_in)
    assert first_list(signed_in) == url
    page = signed_in.get(url)
    assert '<h1 id="list-name">Inbox</h1>' in page.content.decode()
    assert "0 items left" in page.content.decode()


def test_add_complete_filter_and_clear_completed(signed_in):
    url = first_list(signed_in)
    for title in ("Engage", "Make it so", "Tea"):
        add(signed_in, url, title)
    assert titles(signed_in, url) == ["Engage", "Make it so", "Tea"]
    engage = todo_ids(signed_in, url)[0]
    signed_in.post(f"/todos/{engage}/toggle")
    page = signed_in.get(url).content.decode()
    assert "2 items left" in page
    assert titles(signed_in, url + "?show=active") == ["Make it so", "Tea"]
    assert titles(signed_in, url + "?show=completed") == ["Engage"]
    signed_in.post(url + "clear")
    assert titles(signed_in, url) == ["Make it so", "Tea"]


def test_reorder_edit_and_delete(signed_in):
    url = first_list(signed_in)
    for title in ("One", "Two", "Three"):
        add(signed_in, url, title)
    three = todo_ids(signed_in, url)[2]
    signed_in.post(f"/todos/{three}/move", {"direction": "up"})
    assert titles(signed_in, url) == ["One", "Three", "Two"]
    response = signed_in.post(
        f"/todos/{three}/edit", {"title": "Third", "notes": "later", "due": "2026-12-24"}
    )
    assert response.status_code == 302
    assert (
        'due <time datetime="2026-12-24">24 Dec 2026</time> · later'
        in signed_in.get(url).content.decode()
    )
    signed_in.post(f"/todos/{three}/delete")
    assert titles(signed_in, url) == ["One", "Two"]


def test_an_empty_or_overlong_title_is_refused_and_writes_nothing(signed_in):
    url = first_list(signed_in)
    before = item_count(Record)
    for title in ("", "   ", "x" * 501):
        add(signed_in, url, title)
    assert item_count(Record) == before
    assert "A todo needs a title" in signed_in.get(url).content.decode()


def test_lists_can_be_made_renamed_and_deleted(signed_in):
    first_list(signed_in)
    made = signed_in.post("/todos/lists/", {"name": "Away team"})
    url = made["Location"]
    add(signed_in, url, "Phaser")
    signed_in.post(url + "rename", {"name": "Bridge"})
    assert '<h1 id="list-name">Bridge</h1>' in signed_in.get(url).content.decode()
    signed_in.post(url + "delete")
    assert signed_in.get(url).status_code == 404


def test_another_users_list_and_todo_are_404(signed_in, client):
    url = first_list(signed_in)
    add(signed_in, url, "Mine")
    todo = todo_ids(signed_in, url)[0]
    signed_in.logout()
    from tests.support.accounts import PASSWORD, account_create

    account_create("Kirk", "kirk@enterprise.example")
    assert client.login(username="kirk", password=PASSWORD)
    assert client.get(url).status_code == 404
    for action in ("toggle", "delete", "edit", "move"):
        assert client.post(f"/todos/{todo}/{action}").status_code == 404
    assert client.post(url + "delete").status_code == 404


def test_another_users_device_cannot_be_revoked(signed_in, client):
    signed_in.post("/todos/devices/", {"name": "Tricorder"})
    page = signed_in.get("/todos/devices/").content.decode()
    device = re.search(r"/todos/devices/([0-9a-f]{19})/revoke", page).group(1)
    signed_in.logout()
    from tests.support.accounts import PASSWORD, account_create

    account_create("Kirk", "kirk@enterprise.example")
    assert client.login(username="kirk", password=PASSWORD)
    assert client.post(f"/todos/devices/{device}/revoke").status_code == 404
    client.post("/todos/devices/revoke-all")
    assert item_count(Record) >= 2  # Picard's device and its token item are still there


def test_devices_get_a_token_shown_once_and_can_be_revoked(signed_in, client):
    page = signed_in.post("/todos/devices/", {"name": "Tricorder"}).content.decode()
    token = re.search(r'<code class="token">(todo_[^<]+)</code>', page).group(1)
    assert call(client, "GET", "/api/todos/", token=token).status_code == 200
    again = signed_in.get("/todos/devices/").content.decode()
    assert token not in again
    assert "Tricorder" in again
    assert "last used" in again
    assert "never" not in again  # the API call above was its first use
    signed_in.post("/todos/devices/revoke-all")
    assert call(client, "GET", "/api/todos/", token=token).status_code == 401


@pytest.mark.parametrize("path", ["/todos/devices/", "/todos/"])
def test_pages_need_sign_in(client, path):
    assert client.get(path)["Location"].startswith("/login/")


def test_the_home_page_and_navigation_show_todos(client):
    page = client.get("/").content.decode()
    assert 'href="/todos/"' in page
    assert "Todos" in page


def test_seed_demo_gives_the_demo_captains_a_few_todos(client, settings, tmp_path):
    settings.DYNAMODB_LOCAL_HOME = tmp_path  # not the checkout's own demo-accounts.json
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", "--password", "picard=Make it so 1701", stdout=StringIO())
    assert client.login(username="picard", password="Make it so 1701")
    url = client.get("/todos/")["Location"]
    assert titles(client, url) == [
        "Tea, Earl Grey, hot",
        "Inspect the warp core with Geordi",
        "Finish reading Shakespeare's sonnets",
    ]
    assert "2 items left" in client.get(url).content.decode()


def test_every_action_of_a_todo_on_the_list_page_goes_to_that_todos_page(signed_in):
    from django.urls import resolve

    url = first_list(signed_in)
    add(signed_in, url, "Engage")
    todo_id = todo_ids(signed_in, url)[0]
    page = signed_in.get(url).content.decode()
    paths = set(re.findall(rf'(?:action|href)="(/todos/{todo_id}/[^"]*)"', page))
    routes = {resolve(path).url_name: resolve(path).kwargs for path in paths}
    assert routes == {
        name: {"todo_id": todo_id}
        for name in ("todo_toggle", "todo_edit", "todo_move", "todo_delete")
    }
