"""The JSON API under /api/todos/, through the test client, as a device uses it."""

import html
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from apps.core.dynamodb.cursors import BAD_CURSOR
from apps.todos.models import Record
from tests.support.accounts import PASSWORD, account_create
from tests.support.cursors import query, spoiled
from tests.support.dynamodb import item_count
from tests.support.dynamodb_calls import dynamodb_calls
from tests.support.todos import add, call, token_for


def test_a_password_gets_a_token_and_the_token_opens_the_api(client, device):
    assert device["token"].startswith("todo_")
    assert device["todo_backend_url"].startswith("http://testserver/api/todo-backend/todo_")
    lists = call(client, "GET", "/api/todos/lists/", token=device["token"]).json()["lists"]
    assert [lst["name"] for lst in lists] == ["Phone"]


def test_only_a_hash_of_the_token_is_stored(device):
    stored = [record.attribute_values for record in Record.scan()]
    assert device["token"] not in json.dumps(stored, default=str)


def test_a_todo_has_every_documented_field_and_its_version_as_etag(client, token, list_id):
    response = add(client, token, list_id, "Make it so", order=3)
    todo = response.json()
    assert set(todo) == {
        "id", "list", "title", "notes", "due", "completed", "order", "url", "updated_at", "etag"
    }  # fmt: skip
    assert (todo["list"], todo["title"], todo["completed"], todo["order"]) == (
        list_id,
        "Make it so",
        False,
        3,
    )
    assert response["ETag"] == todo["etag"] == '"1"'
    assert response["Location"] == todo["url"] == f"http://testserver/api/todos/{todo['id']}/"
    assert call(client, "GET", todo["url"], token=token).json() == todo


def test_patch_without_if_match_is_428_and_changes_nothing(client, token, list_id):
    todo = add(client, token, list_id).json()
    response = call(client, "PATCH", todo["url"], {"completed": True}, token)
    assert response.status_code == 428
    assert call(client, "GET", todo["url"], token=token).json()["completed"] is False


def test_a_stale_etag_is_412_and_the_other_devices_change_stays(client, token, list_id):
    todo = add(client, token, list_id).json()
    first = call(client, "PATCH", todo["url"], {"title": "Phone's"}, token, HTTP_IF_MATCH='"1"')
    assert first.status_code == 200
    assert first["ETag"] == '"2"'
    second = call(client, "PATCH", todo["url"], {"title": "Laptop's"}, token, HTTP_IF_MATCH='"1"')
    assert second.status_code == 412
    assert second["ETag"] == '"2"'
    assert call(client, "GET", todo["url"], token=token).json()["title"] == "Phone's"
    gone = call(client, "DELETE", todo["url"], token=token, HTTP_IF_MATCH='"1"')
    assert gone.status_code == 412
    assert call(client, "GET", todo["url"], token=token).status_code == 200


def test_delete_with_the_current_etag(client, token, list_id):
    todo = add(client, token, list_id).json()
    assert call(client, "DELETE", todo["url"], token=token).status_code == 428
    response = call(client, "DELETE", todo["url"], token=token, HTTP_IF_MATCH=todo["etag"])
    assert response.status_code == 204
    assert call(client, "GET", todo["url"], token=token).status_code == 404


def test_pages_follow_next_and_each_costs_the_same_dynamodb_requests(client, token, list_id):
    titles = [f"Todo {n}" for n in range(7)]
    for title in titles:
        add(client, token, list_id, title)
    seen, url, costs = [], "/api/todos/?limit=3", []
    while url:
        with dynamodb_calls() as calls:
            page = call(client, "GET", url, token=token).json()
        costs.append([operation for operation, _ in calls])
        seen += [todo["title"] for todo in page["todos"]]
        url = page["next"]
    assert seen == titles
    assert len(costs) == 3
    assert all(cost == ["GetItem", "Query"] for cost in costs)


def test_sync_token_returns_changes_and_deletions_since(client, token, list_id, settings):
    settings.TODOS_SYNC_OVERLAP = 0  # only what changed after the token
    kept = add(client, token, list_id, "Kept").json()
    changed = add(client, token, list_id, "Changed").json()
    deleted = add(client, token, list_id, "Deleted").json()
    sync = call(client, "GET", "/api/todos/", token=token).json()["sync_token"]
    call(client, "PATCH", changed["url"], {"completed": True}, token, HTTP_IF_MATCH='"1"')
    call(client, "DELETE", deleted["url"], token=token, HTTP_IF_MATCH='"1"')
    new = add(client, token, list_id, "New").json()
    since = call(client, "GET", f"/api/todos/?since={sync}", token=token).json()
    assert {todo["id"] for todo in since["todos"]} == {changed["id"], new["id"]}
    assert since["deleted"] == [deleted["id"]]
    assert kept["id"] not in json.dumps(since)
    again = call(client, "GET", f"/api/todos/?since={since['sync_token']}", token=token).json()
    assert again["todos"] == again["deleted"] == []


def test_a_sync_token_older_than_the_tombstones_is_410(client, token, settings):
    sync = call(client, "GET", "/api/todos/", token=token).json()["sync_token"]
    settings.TODOS_TOMBSTONE_SECONDS = -1
    response = call(client, "GET", f"/api/todos/?since={sync}", token=token)
    assert response.status_code == 410
    assert "resync in full" in response.json()["error"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("since=2026-01-01", "sync token is not one this server gave out"),
        ("cursor=abc", f"cursor: {BAD_CURSOR}"),
        ("limit=0", "limit must be"),
        ("limit=x", "limit must be"),
    ],
)
def test_bad_cursors_sync_tokens_and_limits_are_400(client, token, query, message):
    response = call(client, "GET", f"/api/todos/?{query}", token=token)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_a_bad_cursor_is_a_400_naming_the_parameter(client, token, list_id):
    for title in ("One", "Two"):
        add(client, token, list_id, title)
    first = call(client, "GET", "/api/todos/?limit=1", token=token).json()
    cursor = parse_qs(urlsplit(first["next"]).query)["cursor"][0]
    account_create("Kirk", "kirk@enterprise.example")
    kirks = token_for(client, "kirk")["token"]
    sync = call(client, "GET", "/api/todos/", token=token).json()["sync_token"]
    bad = [
        (token, f"list={list_id}&cursor={query(cursor)}"),  # the same user's other list
        (token, f"since={query(sync)}&cursor={query(cursor)}"),  # the changes since
        (kirks, f"cursor={query(cursor)}"),  # another user's
        *((token, f"cursor={query(spoilt)}") for spoilt in spoiled(cursor)),
    ]
    for who, parameters in bad:
        response = call(client, "GET", f"/api/todos/?limit=1&{parameters}", token=who)
        assert response.status_code == 400, parameters
        assert response.json() == {"error": f"cursor: {BAD_CURSOR}"}
    second = call(client, "GET", first["next"], token=token).json()
    assert [todo["title"] for todo in second["todos"]] == ["Two"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{not json", "The body is not valid JSON."),
        ("[1, 2]", "Send a JSON object"),
        ({"title": ""}, "title: This field is required."),
        ({"title": "x" * 501}, "title: Ensure this value has at most 500 characters"),
        ({"title": 7}, "The field title must be a string."),
        ({"title": "t", "completed": "yes"}, "The field completed must be a boolean."),
        ({"title": "t", "order": True}, "The field order must be a whole number."),
        ({"title": "t", "order": 10**20}, "order: Ensure this value is less than or equal to"),
        ({"title": "t", "order": 10**40}, "A number has more than 38 digits"),
        ({"title": "t", "colour": "red"}, "Unknown field: colour."),
        ({"title": "t", "due": "soon"}, "due: Enter a valid date."),
    ],
)
def test_bad_input_is_a_json_400_and_writes_nothing(client, token, list_id, body, message):
    if isinstance(body, dict):
        body = json.dumps({"list": list_id, **body})
    before = item_count(Record)
    response = call(client, "POST", "/api/todos/", body, token)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert item_count(Record) == before


def test_a_bad_patch_changes_nothing(client, token, list_id):
    todo = add(client, token, list_id, "Keep me").json()
    body = {"title": "New", "completed": "yes"}
    response = call(client, "PATCH", todo["url"], body, token, HTTP_IF_MATCH='"1"')
    assert response.status_code == 400
    assert call(client, "GET", todo["url"], token=token).json()["title"] == "Keep me"


@pytest.mark.parametrize(
    "header", [None, "Bearer", "Basic abc", "Bearer nope", "Bearer " + "x" * 500]
)
def test_missing_or_bad_tokens_are_401(client, picard, header):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/todos/", **headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "token" in response.json()["error"]


def test_another_users_todo_and_list_are_404_for_every_method(client, token, list_id):
    account_create("Kirk", "kirk@enterprise.example")
    kirks = token_for(client, "kirk")
    todo = add(client, kirks["token"], kirks["device"]["list"]).json()
    theirs_list = f"/api/todos/lists/{kirks['device']['list']}/"
    for method in ("GET", "PATCH", "DELETE"):
        for url in (todo["url"], theirs_list):
            field = "title" if url == todo["url"] else "name"
            body = None if method == "GET" else {field: "mine"}
            response = call(client, method, url, body, token, HTTP_IF_MATCH='"1"')
            assert response.status_code == 404
    other = call(
        client, "POST", "/api/todos/", {"list": kirks["device"]["list"], "title": "x"}, token
    )
    assert other.status_code == 404
    assert call(client, "GET", todo["url"], token=kirks["token"]).json()["title"] == "Engage"


def test_a_revoked_token_stops_working_at_once(client, signed_in, token, device):
    assert call(client, "GET", "/api/todos/", token=token).status_code == 200
    client.post(f"/todos/devices/{device['device']['id']}/revoke")
    assert call(client, "GET", "/api/todos/", token=token).status_code == 401


def test_a_wrong_password_gets_the_sign_in_pages_own_words(client, picard):
    body = {"username": "picard", "password": "wrong", "device": "Phone"}
    api = call(client, "POST", "/api/todos/token/", body).json()["error"]
    page = client.post("/login/", {"username": "picard", "password": "wrong"})
    assert api in html.unescape(page.content.decode())


def test_a_wrong_password_is_401_and_the_sign_in_lock_out_answers_429(client, picard, settings):
    settings.SIGNIN_RATE_PER_LOGIN = "2/5m"
    body = {"username": "picard", "password": "wrong", "device": "Phone"}
    statuses = [call(client, "POST", "/api/todos/token/", body).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    locked = call(client, "POST", "/api/todos/token/", {**body, "password": PASSWORD})
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) > 0
    assert client.post("/login/", {"username": "picard", "password": PASSWORD}).status_code == 429


def test_lists_can_be_made_renamed_and_deleted_with_their_todos(client, token, list_id):
    made = call(client, "POST", "/api/todos/lists/", {"name": "Away team"}, token)
    assert made.status_code == 201
    url = made.json()["url"]
    add(client, token, made.json()["id"])
    renamed = call(client, "PATCH", url, {"name": "Bridge"}, token, HTTP_IF_MATCH='"1"')
    assert renamed.json()["name"] == "Bridge"
    assert call(client, "DELETE", url, token=token, HTTP_IF_MATCH='"1"').status_code == 412
    assert call(client, "DELETE", url, token=token, HTTP_IF_MATCH='"2"').status_code == 204
    assert call(client, "GET", "/api/todos/", token=token).json()["todos"] == []


def test_cors_preflight_allows_the_api_and_exposes_etag(client):
    response = client.options(
        "/api/todos/",
        HTTP_ORIGIN="https://app.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="PATCH",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type, if-match",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "PATCH" in response["Access-Control-Allow-Methods"]
    assert "if-match" in response["Access-Control-Allow-Headers"]
    answer = client.get("/api/todos/", HTTP_ORIGIN="https://app.example")
    assert "ETag" in answer["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Origin" not in client.get("/", HTTP_ORIGIN="https://x.example")


def test_dynamodb_down_is_a_json_503_and_changes_nothing(client, token, list_id, dynamodb_proxy):
    todo = add(client, token, list_id, "Keep me").json()
    with dynamodb_proxy.broken("throttle"):
        response = call(client, "PATCH", todo["url"], {"title": "New"}, token, HTTP_IF_MATCH='"1"')
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "try again" in response.json()["error"]
    assert call(client, "GET", todo["url"], token=token).json()["title"] == "Keep me"


def test_a_patch_whose_answer_was_lost_is_applied_once_not_refused(
    client, token, list_id, dynamodb_proxy
):
    todo = add(client, token, list_id).json()
    with dynamodb_proxy.answers_lost(1, "UpdateItem"):
        response = call(client, "PATCH", todo["url"], {"title": "Once"}, token, HTTP_IF_MATCH='"1"')
    assert response.status_code == 200
    assert response["ETag"] == '"2"'
    assert call(client, "GET", todo["url"], token=token)["ETag"] == '"2"'


def test_a_delete_whose_answer_was_lost_still_leaves_its_tombstone(
    client, token, list_id, dynamodb_proxy, settings
):
    settings.TODOS_SYNC_OVERLAP = 0
    todo = add(client, token, list_id).json()
    sync = call(client, "GET", "/api/todos/", token=token).json()["sync_token"]
    with dynamodb_proxy.answers_lost(1, "TransactWriteItems"):
        response = call(client, "DELETE", todo["url"], token=token, HTTP_IF_MATCH='"1"')
    assert response.status_code == 204
    since = call(client, "GET", f"/api/todos/?since={sync}", token=token).json()
    assert since["deleted"] == [todo["id"]]
