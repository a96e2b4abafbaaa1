"""The shortener's JSON API, for the site's OpenAPI document (apps/core/openapi.py)."""

from apps.core.openapi import ERROR, error_response
from apps.shortener.validation import URL_MAX_LENGTH

REQUEST = {
    "type": "object",
    "required": ["url"],
    "properties": {
        "url": {
            "type": "string",
            "maxLength": URL_MAX_LENGTH,
            "description": (
                "An http or https URL with a public host; without a scheme "
                "(`example.com/page`) it is taken as https."
            ),
            "example": "https://example.com/a/very/long/path",
        },
        "alias": {
            "type": "string",
            "nullable": True,
            "pattern": "^([A-Za-z0-9_-]{3,32})?$",
            "description": "A code of your choice instead of a random one (empty: random).",
        },
        "expires_in_days": {
            "type": "integer",
            "nullable": True,
            "minimum": 1,
            "maximum": 365,
            "default": 90,
            "description": "Days until the link expires; absent or null: 90.",
        },
    },
}

LINK = {
    "type": "object",
    "required": ["code", "short", "short_url", "url", "expires_at"],
    "properties": {
        "code": {"type": "string", "example": "Ab3xY9k"},
        "short": {
            "type": "string",
            "description": "Path of the short link.",
            "example": "/Ab3xY9k",
        },
        "short_url": {"type": "string", "format": "uri"},
        "url": {"type": "string"},
        "expires_at": {"type": "string", "format": "date-time"},
    },
}

BAD_REQUEST = {
    **ERROR,
    "properties": {
        **ERROR["properties"],
        "errors": {
            "type": "object",
            "description": "Messages per field, when the body was a JSON object.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}

CREATE = {
    "summary": "Shorten a URL",
    "description": "Visitors may create 10 links an hour per address, signed-in users 100.",
    "requestBody": {"required": True, "content": {"application/json": {"schema": REQUEST}}},
    "responses": {
        "201": {
            "description": "The short link. `Location` holds `short_url`.",
            "content": {"application/json": {"schema": LINK}},
        },
        "400": {
            "description": "Not JSON, not an object, or a field that is not acceptable.",
            "content": {"application/json": {"schema": BAD_REQUEST}},
        },
        "409": error_response("The alias is taken."),
        "429": error_response("Too many links from this address; see `Retry-After`."),
        "503": error_response("No free code was found, or DynamoDB did not answer."),
    },
}

PATHS = {
    "/shorten": {"post": {**CREATE, "operationId": "shorten"}},
    "/api/links": {"post": {**CREATE, "operationId": "createLink"}},
}
