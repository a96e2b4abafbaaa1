"""Dwipper's JSON API (apps/dwipper/api.py), for the site's OpenAPI document."""

from apps.core.http.openapi import error_response
from apps.dwipper.converters import DwippIdConverter
from apps.dwipper.text import MAX_LENGTH

SESSION = (
    "For the site's own pages (dwipper.js): the caller is the signed-in user of the "
    "session cookie, and sends the CSRF token in `X-CSRFToken`."
)
DWIPP_ID = {
    "name": "dwipp_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": f"^{DwippIdConverter.regex}$"},
}
ANSWERS = {
    "400": error_response("Not a JSON object of the documented fields and types."),
    "403": error_response("Not signed in, or no valid CSRF token."),
    "404": error_response("No such dwipp (of yours, to edit or delete)."),
    "405": error_response("Not a method of this address."),
}
EDIT = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "text": {
            "type": "string",
            "nullable": True,
            "description": f"1 to {MAX_LENGTH} characters after NFC and trimming; "
            "no control characters but line breaks.",
        }
    },
}
EDITED = {
    "type": "object",
    "required": ["text", "html", "edited"],
    "properties": {
        "text": {"type": "string"},
        "html": {
            "type": "string",
            "description": "The text escaped, line breaks as <br>, with links for its #tags "
            "and its @mentions of existing users: the markup the pages show.",
        },
        "edited": {"type": "boolean", "enum": [True]},
    },
}
TOGGLE = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "on": {
            "type": "boolean",
            "nullable": True,
            "description": "The state wanted; absent or null: the other one.",
        }
    },
}
TOGGLED = {
    "type": "object",
    "required": ["on", "count"],
    "properties": {"on": {"type": "boolean"}, "count": {"type": "integer", "minimum": 0}},
}


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _toggle(what: str, operation_id: str) -> dict:
    return {
        "post": {
            "summary": f"{what.capitalize()} a dwipp, or take it back",
            "description": SESSION,
            "operationId": operation_id,
            "requestBody": _body(TOGGLE),
            "responses": {"200": _json(f"The {what} state and count.", TOGGLED), **ANSWERS},
        }
    }


PATHS = {
    "/api/dwipper/dwipps/{dwipp_id}/": {
        "parameters": [DWIPP_ID],
        "patch": {
            "summary": "Edit your dwipp",
            "description": SESSION,
            "operationId": "dwippEdit",
            "requestBody": _body(EDIT),
            "responses": {"200": _json("The text as stored.", EDITED), **ANSWERS},
        },
        "delete": {
            "summary": "Delete your dwipp",
            "description": SESSION,
            "operationId": "dwippDelete",
            "responses": {"204": {"description": "Deleted."}, **ANSWERS},
        },
    },
    "/api/dwipper/dwipps/{dwipp_id}/upvote": {
        "parameters": [DWIPP_ID],
        **_toggle("upvote", "dwippUpvote"),
    },
    "/api/dwipper/dwipps/{dwipp_id}/favourite": {
        "parameters": [DWIPP_ID],
        **_toggle("favourite", "dwippFavourite"),
    },
}
