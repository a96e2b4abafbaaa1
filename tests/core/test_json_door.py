"""Every JSON operation refuses hostile bodies at the one JSON door, and none is undocumented.

The first test reads /api/openapi.json and sends every operation that takes a
JSON body the same hostile bodies (nesting of 100,000, lone surrogates in keys
and values, 3 MB, wrong types, a byte order mark, a key twice, an empty body,
no object, a 39-digit integer, NaN, ...) as a signed-in user with a device
token, real ids and ``If-Match: *``, so that only the body is wrong. Each must
get the door's own 4xx and message (apps/core/http/jsonapi.py), an answer the
document lists, and make no DynamoDB write.

The others hold the door and the document together: every view the door wraps
(``api_spec``), found by walking the URLconf, is in the document with each of
its methods and exactly its body's fields and types; and nothing but the door
reads a request body, so a view cannot read JSON without it.
"""

from __future__ import annotations

import ast
import codecs
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import URLResolver, get_resolver

from apps.core.dynamodb.storable import TEXT_UNSTORABLE
from apps.core.http import jsonapi
from apps.core.http.jsonapi import (
    BODY_METHODS,
    DUPLICATE_FIELD,
    JSON_BOM,
    JSON_INVALID,
    JSON_MAX_BYTES,
    JSON_NOT_UTF8,
    JSON_TOO_DEEP,
    JSON_TOO_LARGE,
    KINDS,
    NOT_JSON,
    NUMBER_NOT_FINITE,
    NUMBER_TOO_LONG,
    WRONG_TYPE,
)
from apps.core.http.openapi import METHODS, openapi_document
from tests.support.accounts import PASSWORD
from tests.support.dynamodb import WRITE_OPERATIONS
from tests.support.dynamodb_calls import dynamodb_calls
from tests.support.todos import add, token_for

PROJECT = Path(__file__).resolve().parents[2]
JSON = "application/json"
UNKNOWN = "no_such_field"
# A value of another JSON type than each declared one, and two that no field takes.
WRONG_VALUES = {"string": 7, "boolean": "true", "integer": "7"}
NEVER_A_FIELD = ([1], {"a": 1})


def json_operations():
    """(path, method) of every operation of the document that takes a JSON body."""
    found = []
    for path, item in openapi_document()["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation and JSON in operation.get("requestBody", {}).get("content", {}):
                found.append(pytest.param(path, method, id=operation["operationId"]))
    return found


@pytest.fixture
def caller(client, picard):
    """Picard signed in, with a device token, a list, a todo and a dwipp: every door opens."""
    from apps.dwipper.services import dwipp_create

    device = token_for(client)
    list_id = device["device"]["list"]
    todo = add(client, device["token"], list_id).json()
    dwipp = dwipp_create(author="picard", author_name="Picard", text="Hostile bodies ahead")
    assert client.login(username="picard", password=PASSWORD)
    return SimpleNamespace(
        client=client,
        path_values={
            "todo_id": todo["id"],
            "list_id": list_id,
            "token": device["token"],
            "dwipp_id": dwipp.dwipp_id,
        },
        headers={"HTTP_AUTHORIZATION": f"Bearer {device['token']}", "HTTP_IF_MATCH": "*"},
    )


def hostile_bodies(schema: dict, content: dict):
    """(what, body, content type, status, message) for an operation's JSON body schema."""
    properties = schema.get("properties", {})
    field = next(iter(properties))
    quoted = json.dumps(field).encode()
    yield "nesting of 100,000", b"[" * 100_000, JSON, 400, JSON_TOO_DEEP
    yield "nesting in a field", b"{" + quoted + b": " + b"[" * 100_000, JSON, 400, JSON_TOO_DEEP
    yield "a lone surrogate in a key", b'{"\\ud800": 1}', JSON, 400, TEXT_UNSTORABLE
    for name in properties:
        lone = json.dumps({name: "a\udfffb"}).encode()
        yield f"a lone surrogate in {name}", lone, JSON, 400, TEXT_UNSTORABLE
    big = b"{" + quoted + b': "' + b"a" * 3_000_000 + b'"}'
    yield "3 MB", big, JSON, 413, JSON_TOO_LARGE.format(limit=JSON_MAX_BYTES)
    for name, declared in properties.items():
        message = WRONG_TYPE.format(field=name, kind=KINDS[declared["type"]])
        for wrong in (WRONG_VALUES[declared["type"]], *NEVER_A_FIELD):
            body = json.dumps({name: wrong}).encode()
            yield f"{name} as {wrong!r}", body, JSON, 400, message
    yield "a byte order mark", codecs.BOM_UTF8 + b"{}", JSON, 400, JSON_BOM
    twice = b"{" + quoted + b": null, " + quoted + b": null}"
    yield "a key twice", twice, JSON, 400, DUPLICATE_FIELD.format(field=field)
    yield "an empty body", b"", JSON, 400, NOT_JSON
    for other in (b"[]", b'"text"', b"1", b"true", b"null"):
        yield f"{other.decode()} for an object", other, JSON, 400, NOT_JSON
    digits = json.dumps({field: 10**38}).encode()
    yield "a 39-digit integer", digits, JSON, 400, NUMBER_TOO_LONG
    yield "a negative one", json.dumps({field: -(10**38)}).encode(), JSON, 400, NUMBER_TOO_LONG
    for constant in (b"NaN", b"Infinity", b"-Infinity", b"1e400"):
        body = b"{" + quoted + b": " + constant + b"}"
        yield constant.decode(), body, JSON, 400, NUMBER_NOT_FINITE
    yield "broken JSON", b"{" + quoted + b": ", JSON, 400, JSON_INVALID
    yield "bytes that are not UTF-8", b"{" + quoted + b': "\xff"}', JSON, 400, JSON_NOT_UTF8
    if schema.get("additionalProperties") is False:
        unknown = json.dumps({UNKNOWN: 1}).encode()
        yield "an unknown field", unknown, JSON, 400, None
    if set(content) == {JSON}:
        yield "text/plain", b"{}", "text/plain", 400, NOT_JSON


@pytest.mark.parametrize(("path", "method"), json_operations())
def test_every_json_operation_refuses_hostile_bodies_at_the_door_and_writes_nothing(
    caller, path, method
):
    operation = caller.client.get("/api/openapi.json").json()["paths"][path][method]
    content = operation["requestBody"]["content"]
    schema = content[JSON]["schema"]
    url = re.sub(r"\{(\w+)\}", lambda match: _path_value(caller, match[1]), path)
    problems = []
    for what, body, content_type, status, message in hostile_bodies(schema, content):
        with dynamodb_calls() as calls:
            # CONTENT_TYPE given outright: the test client sends none with an empty body.
            response = caller.client.generic(
                method.upper(), url, body, CONTENT_TYPE=content_type, **caller.headers
            )
        answer = _answer(response)
        writes = [call for call in calls if call[0] in WRITE_OPERATIONS]
        if message is None:
            message = _unknown_field_message(answer, schema)
        if (response.status_code, answer.get("error")) != (status, message):
            problems.append(f"{what}: {response.status_code} {answer}, not {status} {message!r}")
        if str(response.status_code) not in operation["responses"]:
            problems.append(f"{what}: {response.status_code} is not in the document")
        if not _error_shaped(answer):
            problems.append(f"{what}: {answer} is not the error shape")
        if writes:
            problems.append(f"{what}: wrote {writes}")
    assert not problems, "\n".join(problems)


def _path_value(caller, name: str) -> str:
    if name not in caller.path_values:
        pytest.fail(f"No value for the path parameter {name}: add one to the caller fixture.")
    return caller.path_values[name]


def _answer(response) -> dict:
    if response["Content-Type"] != JSON:
        return {"not JSON": response.content[:200]}
    return response.json()


def _error_shaped(answer: dict) -> bool:
    errors = answer.get("errors", {})
    return (
        isinstance(answer.get("error"), str)
        and isinstance(errors, dict)
        and all(isinstance(m, list) and all(isinstance(t, str) for t in m) for m in errors.values())
    )


def _unknown_field_message(answer: dict, schema: dict) -> str:
    """The message naming the known fields, whatever their order, when they are the documented."""
    known = (answer.get("error") or "").partition("Known fields: ")[2].rstrip(".").split(", ")
    if set(known) != set(schema["properties"]):
        return f"a message naming {sorted(schema['properties'])}"
    return jsonapi.UNKNOWN_FIELD.format(field=UNKNOWN, known=", ".join(known))


def json_views() -> list[tuple[str, object]]:
    """(route as the document writes paths, view) for every view the JSON door wraps."""

    def walk(patterns, prefix: str):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif hasattr(pattern.callback, "api_spec"):
                yield re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route), pattern.callback

    return list(walk(get_resolver().url_patterns, "/"))


def test_every_json_view_of_the_urlconf_is_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    views = json_views()
    assert "/api/todos/{todo_id}/" in [route for route, _ in views]  # the walk finds the door
    problems = []
    for route, view in views:
        # Todo-Backend's addresses also answer with and without a trailing slash.
        item = paths.get(route) or paths.get(route[:-1] if route.endswith("/") else route + "/")
        for method in view.api_spec.methods:
            operation = (item or {}).get(method.lower())
            if operation is None:
                problems.append(f"{method} {route} is not in the document")
            elif method in BODY_METHODS and view.api_spec.fields is not None:
                problems += _body_problems(f"{method} {route}", operation, view.api_spec)
    assert not problems, "\n".join(problems)


def _body_problems(where: str, operation: dict, spec) -> list[str]:
    """How the documented JSON body differs from the fields the door takes, if it does."""
    content = operation.get("requestBody", {}).get("content", {})
    if JSON not in content:
        return [f"{where} reads JSON but documents no JSON body"]
    schema = content[JSON]["schema"]
    documented = {name: field["type"] for name, field in schema.get("properties", {}).items()}
    problems = []
    if documented != spec.fields:
        problems.append(f"{where} documents {documented}, the door takes {spec.fields}")
    if (schema.get("additionalProperties") is False) == spec.lenient:
        problems.append(f"{where}: additionalProperties says the opposite of the door")
    if (set(content) != {JSON}) != spec.plain_text:
        problems.append(f"{where}: its content types say the opposite of the door's plain_text")
    return problems


def test_only_the_door_reads_request_bodies():
    """A view that parsed ``request.body`` itself would read JSON past the door, undocumented."""
    door = PROJECT / "apps/core/http/jsonapi.py"
    readers = []
    for module in sorted((PROJECT / "apps").rglob("*.py")):
        if module == door:
            continue
        for node in ast.walk(ast.parse(module.read_text())):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in {"body", "read", "readline", "readlines", "stream"}
                and isinstance(node.value, ast.Name)
                and node.value.id == "request"
            ):
                readers.append(f"{module.relative_to(PROJECT)}:{node.lineno}")
    assert readers == []
