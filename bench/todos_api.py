"""The todos API, warm, through Zappa's handler with HTTP API (v2) events, beside raw boto3.

In one ``python -I -S`` process that sees only the Lambda package: a device
token and a list of 50 todos are made through the site's services, then,
interleaved so both see the same conditions:

- ``GET /api/todos/`` (one page of 50 todos) through ``handler.lambda_handler``,
  beside raw boto3 making the same DynamoDB requests: GetItem on the token,
  Query of 50 todos;
- ``PATCH /api/todos/<id>/`` with ``If-Match`` through the handler, beside raw
  boto3's GetItem on the token, GetItem on the todo and the UpdateItem
  conditional on its version.

    .venv/bin/python -m bench.todos_api [--requests 300]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

from bench.common import TABLE_PREFIX, Row, run_alone
from tests.support.lambda_package import HOST, http_api_event

LOOP = """
import json, os, sys, time
sys.path.insert(0, os.getcwd())
import boto3
import handler

get_event, patch_event, requests, page = json.loads(sys.argv[1])
handler.lambda_handler(get_event, None)  # set-up happens on the first request
from apps.todos.keys import TOKEN_SK, todo_sk, token_pk, user_pk
from apps.todos.services import device_create, todo_create

device, token = device_create(user="bench", name="Bench")
todos = [todo_create(user="bench", list_id=device.list_id, title=f"Todo {n}") for n in range(page)]
target = todos[0].item_id
for event in (get_event, patch_event):
    event["headers"]["authorization"] = f"Bearer {token}"
patch_event["rawPath"] = patch_event["requestContext"]["http"]["path"] = f"/api/todos/{target}/"

table = os.environ["DYNAMODB_TABLE_PREFIX"] + "todos"
region, endpoint = os.environ["AWS_REGION"], os.environ["DYNAMODB_ENDPOINT_URL"]
client = boto3.client("dynamodb", region_name=region, endpoint_url=endpoint)
token_key = {"PK": {"S": token_pk(token)}, "SK": {"S": TOKEN_SK}}
# Its own todo: the handler's PATCHes move the first one's version on.
todo_key = {"PK": {"S": user_pk("bench")}, "SK": {"S": todo_sk(todos[1].item_id)}}
version = {"handler": 1}


def via_handler_get():
    assert handler.lambda_handler(get_event, None)["statusCode"] == 200


def via_boto3_get():
    client.get_item(TableName=table, Key=token_key, ConsistentRead=True)
    client.query(
        TableName=table,
        KeyConditionExpression="#pk = :pk AND begins_with(#sk, :t)",
        ExpressionAttributeNames={"#pk": "PK", "#sk": "SK"},
        ExpressionAttributeValues={":pk": {"S": user_pk("bench")}, ":t": {"S": todo_sk.start}},
        Limit=page,
        ConsistentRead=True,
    )


def via_handler_patch():
    patch_event["headers"]["if-match"] = f'"{version["handler"]}"'
    response = handler.lambda_handler(patch_event, None)
    assert response["statusCode"] == 200, response
    version["handler"] += 1


def via_boto3_patch():
    client.get_item(TableName=table, Key=token_key, ConsistentRead=True)
    item = client.get_item(TableName=table, Key=todo_key, ConsistentRead=True)["Item"]
    client.update_item(
        TableName=table,
        Key=todo_key,
        UpdateExpression="SET #c = :c, #u = :u, #ch = :ch, #w = :w ADD #v :one",
        ConditionExpression="attribute_exists(#pk) AND #v = :v",
        ExpressionAttributeNames={
            "#c": "completed", "#u": "updated_at", "#ch": "changed", "#w": "write_token",
            "#v": "version", "#pk": "PK",
        },
        ExpressionAttributeValues={
            ":c": {"BOOL": True}, ":u": {"S": "2026-11-25T00:00:00.000000+0000"},
            ":ch": {"S": "0000000000000#x"}, ":w": {"S": "nonce"}, ":one": {"N": "1"},
            ":v": item["version"],
        },
        ReturnValues="ALL_NEW",
    )


kinds = {
    "handler_get": via_handler_get, "boto3_get": via_boto3_get,
    "handler_patch": via_handler_patch, "boto3_patch": via_boto3_patch,
}
timings = {name: [] for name in kinds}
for n in range(requests + 30):
    for name, run in kinds.items():
        started = time.perf_counter()
        run()
        if n >= 30:  # the first rounds warm up connections and caches
            timings[name].append(time.perf_counter() - started)
print(json.dumps(timings))
"""

GOAL = 1.3
# Warm latency, not failure handling, is measured: on a busy machine DynamoDB
# Local may pause for longer than the stage's 2 s read timeout.
PATIENT = {"DYNAMODB_READ_TIMEOUT": "30", "DYNAMODB_REQUEST_BUDGET": "60"}
PAGE = 50


def _events() -> tuple[dict, dict]:
    get = http_api_event("/api/todos/", host=HOST)
    get["headers"]["accept"] = "application/json"
    patch = http_api_event("/api/todos/x/", host=HOST, method="PATCH", body='{"completed": true}')
    patch["headers"].update({"accept": "application/json", "content-type": "application/json"})
    return get, patch


def measure(setup, requests: int) -> dict[str, list[float]]:
    get, patch = _events()
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", LOOP, json.dumps([get, patch, requests, PAGE])],
        cwd=setup.package_dir,
        env={**setup.environment, "DYNAMODB_TABLE_PREFIX": TABLE_PREFIX, **PATIENT},
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"The benchmark failed inside the package:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def rows(setup, requests: int = 300) -> list[Row]:
    medians = {name: statistics.median(v) for name, v in measure(setup, requests).items()}
    return [
        Row(
            f"GET /api/todos/ ({PAGE} todos) through Zappa's handler, v2",
            medians["handler_get"],
            "raw boto3 GetItem + Query",
            medians["boto3_get"],
            GOAL,
        ),
        Row(
            "PATCH /api/todos/<id>/ with If-Match through Zappa's handler, v2",
            medians["handler_patch"],
            "raw boto3 GetItem x2 + UpdateItem",
            medians["boto3_patch"],
            GOAL,
        ),
    ]


def main() -> None:
    run_alone(__doc__, rows, default=300, help="measured rounds (default 300)")


if __name__ == "__main__":
    main()
