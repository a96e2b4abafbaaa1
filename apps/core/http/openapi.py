"""The OpenAPI document of the site's JSON endpoints, at /api/openapi.json.

Each app with JSON endpoints describes them in its own module and names it on
its AppConfig as ``openapi_paths`` (the app contract, apps/core/apps.py: a
dotted path to a dict of OpenAPI path items, or to a function returning one
when the texts depend on settings); core knows no app by name.
"""

from functools import cache

from django.conf import settings

from apps.core.apps import app_hooks

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string", "description": "What went wrong, in words."}},
}


def error_response(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


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
                "JSON endpoints of the site. Errors are JSON objects with an `error` message. "
                "When DynamoDB cannot answer, every endpoint answers 503 with `Retry-After`."
            ),
        },
        "paths": paths,
    }
