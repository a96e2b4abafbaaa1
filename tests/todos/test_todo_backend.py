"""Todo-Backend at /api/todo-backend/<token>/: the contract, bound to one list, no auth header."""

import json
import logging

import pytest

from tests.support.todos import add, call


@pytest.fixture
def root(device):
    return device["todo_backend_url"]


def test_the_contract_root_and_each_todos_url(client, root):
    assert call(client, "GET", root).json() == []
    made = call(client, "POST", root, {"title": "a todo", "order": 523})
    assert made.status_code == 201
    todo = made.json()
    assert (todo["title"], todo["completed"], todo["order"]) == ("a todo", False, 523)
    assert todo["url"].startswith(root)
    assert call(client, "GET", todo["url"]).json() == todo
    patched = call(client, "PATCH", todo["url"], {"title": "new", "completed": True, "order": 1})
    assert (patched.json()["title"], patched.json()["completed"]) == ("new", True)
    assert call(client, "GET", root).json() == [patched.json()]
    assert call(client, "DELETE", todo["url"]).status_code == 204
    assert call(client, "GET", todo["url"]).status_code == 404


def test_the_root_answers_with_and_without_its_trailing_slash(client, root):
    response = call(client, "POST", root.rstrip("/"), {"title": "no redirect"})
    assert response.status_code == 201
    assert len(call(client, "GET", root).json()) == 1


def test_deleting_the_root_empties_only_its_own_list(client, root, token):
    other = call(client, "POST", "/api/todos/lists/", {"name": "Other"}, token).json()
    add(client, token, other["id"], "Stays")
    call(client, "POST", root, {"title": "Goes"})
    assert call(client, "DELETE", root).status_code == 204
    assert call(client, "GET", root).json() == []
    left = call(client, "GET", "/api/todos/", token=token).json()["todos"]
    assert [todo["title"] for todo in left] == ["Stays"]


def test_a_todo_of_another_list_is_404_here(client, root, token):
    other = call(client, "POST", "/api/todos/lists/", {"name": "Other"}, token).json()
    theirs = add(client, token, other["id"]).json()
    url = root + theirs["id"]
    for method in ("GET", "PATCH", "DELETE"):
        assert (
            call(client, method, url, {"title": "x"} if method == "PATCH" else None).status_code
            == 404
        )
    assert call(client, "GET", theirs["url"], token=token).json()["title"] == "Engage"


def test_unknown_and_revoked_tokens_are_404(client, signed_in, root, device):
    assert client.get("/api/todo-backend/todo_nothing/").status_code == 404
    signed_in.post(f"/todos/devices/{device['device']['id']}/revoke")
    assert client.get(root).status_code == 404


def test_bad_input_is_400_and_writes_nothing(client, root):
    assert call(client, "POST", root, {"title": ""}).status_code == 400
    assert call(client, "POST", root, {"title": 5}).status_code == 400
    assert call(client, "POST", root, "{oops").status_code == 400
    assert call(client, "GET", root).json() == []


def test_cors_preflight_for_json_posts(client, root):
    response = client.options(
        root,
        HTTP_ORIGIN="http://www.todobackend.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "content-type" in response["Access-Control-Allow-Headers"]


def test_the_token_never_reaches_the_log(client, root, device, caplog):
    caplog.set_level(logging.INFO)
    call(client, "GET", root + "0" * 19)  # a 404, which Django logs with its path
    call(client, "PATCH", root, {"title": "x"})  # a 405
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "/api/todo-backend/[redacted]" in logged
    assert device["token"] not in logged
    assert device["token"] not in json.dumps([r.args for r in caplog.records], default=str)
