"""The OpenAPI document of the site's JSON endpoints, at /api/openapi.json.

Each app with JSON endpoints describes them in its own module and names it on
its AppConfig as ``openapi_paths`` (the app contract, apps/core/apps.py: a
dotted path to a dict of OpenAPI path items, or to a function returning one
when the texts depend on settings); core knows no app by name. The answers of
the JSON door itself (apps/core/http/jsonapi.py) are added here to every
operation with a JSON body.
"""

from functools import cache

from django.conf import settings

from apps.core.apps import app_hooks
from apps.core.dynamodb.cursors import CURSOR_MAX_LENGTH
from apps.core.http.jsonapi import JSON_MAX_BYTES

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {"type": "string", "description": "What went wrong, in words."},
        "errors": {
            "type": "object",
            "description": "When a form refused fields: its messages per field (`__all__`: "
            "the form as a whole).",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# A list's cursor (apps/core/dynamodb/cursors.py), as every list with pages takes it.
CURSOR = {"type": "string", "maxLength": CURSOR_MAX_LENGTH}


def error_response(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


# What the JSON door answers any operation whose body it reads (an app's own texts win).
DOOR_RESPONSES = {
    "400": error_response("Not a JSON object of the documented fields and types."),
    "413": error_response(f"The body is larger than {JSON_MAX_BYTES:,} bytes."),
}


# The accounts' key door (apps/accounts/key_door.py): operations name it in ``security``.
BEARER = {
    "type": "http",
    "scheme": "bearer",
    "description": (
        "An API key made on the account page (/account/keys/), for the scopes the operation "
        "names (`shortener`, `todos`); shown once, kept hashed, revocable at once. The todos "
        "API also takes a device token. No key: 401; a key without the scope: 403."
    ),
}


@cache
def openapi_document() -> dict:
    paths = {}
    for found in app_hooks("openapi_paths"):
        paths.update(found() if callable(found) else found)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": f"{settings.SITE_NAME} API",
            "version": "1",
            "description": (
                "JSON endpoints of the site. Errors are JSON objects with an `error` message "
                "(and `errors` per field when a form refused some). "
                "When DynamoDB cannot answer, every endpoint answers 503 with `Retry-After`."
            ),
        },
        "paths": {path: _with_door_responses(item) for path, item in paths.items()},
        "components": {"securitySchemes": {"bearer": BEARER}},
    }


def _with_door_responses(item: dict) -> dict:
    """The path item with the door's answers added to each operation that takes JSON."""
    item = dict(item)
    for method in METHODS:
        operation = item.get(method)
        if operation and "application/json" in operation.get("requestBody", {}).get("content", {}):
            responses = {**DOOR_RESPONSES, **operation["responses"]}
            item[method] = {**operation, "responses": responses}
    return item
