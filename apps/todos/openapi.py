"""The todos JSON API and Todo-Backend addresses, for the site's OpenAPI document."""

from apps.core.http.openapi import CURSOR, error_response
from apps.todos import keys
from apps.todos.forms import (
    CODE_MAX_LENGTH,
    LOGIN_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    ORDER_LIMIT,
    PAGE_SIZE_MAX,
    PASSWORD_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)

AUTH = (
    "Every other /api/todos/ call carries `Authorization: Bearer <token>`: a device token "
    "(make one here or on the Devices page, /todos/devices/) or an API key with the `todos` "
    "scope (/account/keys/)."
)
ID = {"type": "string", "pattern": f"^{keys.ID.pattern}$"}
TITLE = {"type": "string", "minLength": 1, "maxLength": TITLE_MAX_LENGTH}
NOTES = {"type": "string", "maxLength": NOTES_MAX_LENGTH}
NAME = {"type": "string", "minLength": 1, "maxLength": NAME_MAX_LENGTH}
ORDER = {"type": "integer", "minimum": -ORDER_LIMIT, "maximum": ORDER_LIMIT, "nullable": True}
DUE = {"type": "string", "format": "date", "nullable": True}

TODO = {
    "type": "object",
    "required": ["id", "list", "title", "completed", "order", "url", "updated_at", "etag"],
    "properties": {
        "id": ID,
        "list": ID,
        "title": {"type": "string"},
        "notes": {"type": "string"},
        "due": DUE,
        "completed": {"type": "boolean"},
        "order": {"type": "integer", "nullable": True},
        "url": {"type": "string", "format": "uri"},
        "updated_at": {"type": "string", "format": "date-time"},
        "etag": {"type": "string", "description": "The todo's version, as in its `ETag`."},
    },
}
TODO_FIELDS = {
    "title": TITLE,
    "notes": {**NOTES, "nullable": True},
    "due": DUE,
    "completed": {"type": "boolean", "nullable": True},
    "order": ORDER,
}
TODO_CREATE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["list", "title"],
    "properties": {"list": ID, **TODO_FIELDS},
}
TODO_PATCH = {"type": "object", "additionalProperties": False, "properties": TODO_FIELDS}
LIST = {
    "type": "object",
    "required": ["id", "name", "url", "etag"],
    "properties": {
        "id": ID,
        "name": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
        "etag": {"type": "string"},
    },
}
LISTS = {"type": "object", "properties": {"lists": {"type": "array", "items": LIST}}}
LIST_BODY = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name"],
    "properties": {"name": NAME},
}
PAGE = {
    "type": "object",
    "required": ["todos", "deleted", "next", "sync_token"],
    "properties": {
        "todos": {"type": "array", "items": TODO},
        "deleted": {
            "type": "array",
            "items": ID,
            "description": "Ids of todos deleted since `since` (empty without it).",
        },
        "next": {"type": "string", "format": "uri", "nullable": True},
        "sync_token": {
            "type": "string",
            "nullable": True,
            "description": "On the last page: pass it as `since` to get what changes next.",
        },
    },
}
TOKEN_BODY = {
    "type": "object",
    "additionalProperties": False,
    "required": ["username", "password", "device"],
    "properties": {
        "username": {"type": "string", "minLength": 1, "maxLength": LOGIN_MAX_LENGTH},
        "password": {"type": "string", "minLength": 1, "maxLength": PASSWORD_MAX_LENGTH},
        "device": {**NAME, "description": "A name for the device: “Phone”."},
        "code": {
            "type": "string",
            "maxLength": CODE_MAX_LENGTH,
            "description": (
                "For an account with two-factor sign-in: the 6-digit code from its "
                "authenticator app, or a recovery code. A wrong one counts toward the "
                "sign-in lock-out."
            ),
        },
    },
}
TOKEN = {
    "type": "object",
    "required": ["token", "device", "todo_backend_url"],
    "properties": {
        "token": {"type": "string", "description": "Shown once: only its hash is kept."},
        "device": {"type": "object"},
        "todo_backend_url": {"type": "string", "format": "uri"},
    },
}
BACKEND_TODO = {
    "type": "object",
    "required": ["id", "title", "completed", "order", "url"],
    "properties": {
        "id": ID,
        "title": {"type": "string"},
        "completed": {"type": "boolean"},
        "order": {"type": "integer", "nullable": True},
        "url": {"type": "string", "format": "uri"},
    },
}
BACKEND_BODY = {
    "type": "object",
    "description": "Other fields are ignored, as Todo-Backend clients expect.",
    "properties": {"title": TITLE, "completed": {"type": "boolean"}, "order": ORDER},
}

IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": True,
    "schema": {"type": "string"},
    "description": "The ETag you read; without it 428, when stale 412.",
}


def _json(description: str, schema: dict, headers: dict | None = None) -> dict:
    answer = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        answer["headers"] = headers
    return answer


ETAG = {"ETag": {"schema": {"type": "string"}, "description": "The version."}}
ANSWERS = {
    "400": error_response("Not JSON, an unknown field, a wrong type or a value out of range."),
    "401": error_response("No device token, or one that is unknown or revoked."),
    "404": error_response("No such item of yours."),
    "405": error_response("Not a method of this address."),
}
WRITES = {
    "412": error_response("If-Match is not the current ETag: nothing was changed."),
    "428": error_response("If-Match is missing."),
}
NO_CONTENT = {"204": {"description": "Done."}}


def _op(summary: str, responses: dict, **extra) -> dict:
    return {"summary": summary, "responses": {**responses, **ANSWERS}, **extra}


def _body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _path_id(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": ID}


QUERY = [
    {"name": "list", "in": "query", "schema": ID, "description": "Only this list's todos."},
    {
        "name": "cursor",
        "in": "query",
        "schema": CURSOR,
        "description": "From `next`: only for the same query and token's user, else 400.",
    },
    {
        "name": "since",
        "in": "query",
        "schema": CURSOR,
        "description": "A `sync_token`: what changed since, deletions included.",
    },
    {
        "name": "limit",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": PAGE_SIZE_MAX},
    },
]

PATHS = {
    "/api/todos/token/": {
        "post": {
            "summary": "A device token for a username and password",
            "description": AUTH,
            "operationId": "todosTokenCreate",
            "requestBody": _body(TOKEN_BODY),
            "responses": {
                "201": _json("The token, shown this once.", TOKEN),
                "400": ANSWERS["400"],
                "401": error_response(
                    "Wrong username or password; or the account uses two-factor sign-in and "
                    "`code` is missing or wrong (staff accounts without a second factor are "
                    "refused too)."
                ),
                "405": ANSWERS["405"],
                "429": error_response("Sign-in lock-out: see `Retry-After`."),
            },
        }
    },
    "/api/todos/": {
        "get": _op(
            "Your todos, a page at a time; or what changed since a sync token",
            {
                "200": _json("One page.", PAGE),
                "410": error_response("The sync token is older than the kept deletions."),
            },
            operationId="todosList",
            parameters=QUERY,
        ),
        "post": _op(
            "Add a todo to one of your lists",
            {"201": _json("The todo; `Location` is its url.", TODO, ETAG)},
            operationId="todosCreate",
            requestBody=_body(TODO_CREATE),
        ),
    },
    "/api/todos/{todo_id}/": {
        "parameters": [_path_id("todo_id")],
        "get": _op("A todo", {"200": _json("The todo.", TODO, ETAG)}, operationId="todoGet"),
        "patch": _op(
            "Change some of a todo's fields",
            {"200": _json("The changed todo.", TODO, ETAG), **WRITES},
            operationId="todoUpdate",
            parameters=[IF_MATCH],
            requestBody=_body(TODO_PATCH),
        ),
        "delete": _op(
            "Delete a todo (devices that sync see it in `deleted`)",
            {**NO_CONTENT, **WRITES},
            operationId="todoDelete",
            parameters=[IF_MATCH],
        ),
    },
    "/api/todos/lists/": {
        "get": _op(
            "Your lists",
            {"200": _json("Every list.", LISTS)},
            operationId="listsGet",
        ),
        "post": _op(
            "Make a list",
            {"201": _json("The list.", LIST, ETAG)},
            operationId="listsCreate",
            requestBody=_body(LIST_BODY),
        ),
    },
    "/api/todos/lists/{list_id}/": {
        "parameters": [_path_id("list_id")],
        "get": _op("A list", {"200": _json("The list.", LIST, ETAG)}, operationId="listGet"),
        "patch": _op(
            "Rename a list",
            {"200": _json("The list.", LIST, ETAG), **WRITES},
            operationId="listRename",
            parameters=[IF_MATCH],
            requestBody=_body(LIST_BODY),
        ),
        "delete": _op(
            "Delete a list and its todos",
            {**NO_CONTENT, **WRITES},
            operationId="listDelete",
            parameters=[IF_MATCH],
        ),
    },
}

CAPABILITY = {
    "name": "token",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": f"^{keys.TOKEN.pattern}$"},
    "description": "A device token: the address is the credential (Todo-Backend sends none).",
}
BACKEND_ANSWERS = {
    "400": ANSWERS["400"],
    "404": error_response("Unknown or revoked token, or no such todo in its list."),
    "405": ANSWERS["405"],
}
PATHS |= {
    "/api/todo-backend/{token}/": {
        "parameters": [CAPABILITY],
        "get": {
            "summary": "Todo-Backend: the list's todos",
            "operationId": "todoBackendList",
            "responses": {
                "200": _json("The todos.", {"type": "array", "items": BACKEND_TODO}),
                **BACKEND_ANSWERS,
            },
        },
        "post": {
            "summary": "Todo-Backend: add a todo",
            "operationId": "todoBackendCreate",
            "requestBody": _body(BACKEND_BODY),
            "responses": {"201": _json("The todo.", BACKEND_TODO), **BACKEND_ANSWERS},
        },
        "delete": {
            "summary": "Todo-Backend: delete every todo of the list",
            "operationId": "todoBackendClear",
            "responses": {**NO_CONTENT, **BACKEND_ANSWERS},
        },
    },
    "/api/todo-backend/{token}/{todo_id}": {
        "parameters": [CAPABILITY, _path_id("todo_id")],
        "get": {
            "summary": "Todo-Backend: a todo",
            "operationId": "todoBackendGet",
            "responses": {"200": _json("The todo.", BACKEND_TODO), **BACKEND_ANSWERS},
        },
        "patch": {
            "summary": "Todo-Backend: change a todo",
            "operationId": "todoBackendUpdate",
            "requestBody": _body(BACKEND_BODY),
            "responses": {"200": _json("The todo.", BACKEND_TODO), **BACKEND_ANSWERS},
        },
        "delete": {
            "summary": "Todo-Backend: delete a todo",
            "operationId": "todoBackendDelete",
            "responses": {**NO_CONTENT, **BACKEND_ANSWERS},
        },
    },
}
