"""The shortener's JSON API, for the site's OpenAPI document (apps/core/http/openapi.py)."""

from django.conf import settings

from apps.core.http.openapi import error_response
from apps.shortener.codes import ALIAS_PATTERN
from apps.shortener.forms import DAYS_MAX, DAYS_MIN
from apps.shortener.validation import URL_MAX_LENGTH

RATE_UNITS = {"s": "a second", "m": "a minute", "h": "an hour", "d": "a day"}


def _request() -> dict:
    days = settings.SHORTENER_DEFAULT_DAYS
    return {
        "type": "object",
        "additionalProperties": False,
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
                "pattern": f"^({ALIAS_PATTERN.pattern})?$",
                "description": "A code of your choice instead of a random one (empty: random).",
            },
            "expires_in_days": {
                "type": "integer",
                "nullable": True,
                "minimum": DAYS_MIN,
                "maximum": DAYS_MAX,
                "default": days,
                "description": f"Days until the link expires; absent or null: {days}.",
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


def _rate(rate: str) -> str:
    """ "10/h" as "10 links an hour" (django-ratelimit's notation)."""
    count, _, period = rate.partition("/")
    unit = RATE_UNITS.get(period[-1:], period)
    return f"{count} links {unit}" if period[:-1] in ("", "1") else f"{count} links per {period}"


def _create() -> dict:
    limits = (
        f"Visitors may create {_rate(settings.SHORTENER_RATE_ANONYMOUS)} per address, "
        f"signed-in users {_rate(settings.SHORTENER_RATE_SIGNED_IN)}."
    )
    return {
        "summary": "Shorten a URL",
        "description": limits,
        "requestBody": {"required": True, "content": {"application/json": {"schema": _request()}}},
        "responses": {
            "201": {
                "description": "The short link. `Location` holds `short_url`.",
                "content": {"application/json": {"schema": LINK}},
            },
            "400": error_response(
                "Not JSON, not an object, an unknown field, or a field that is not acceptable."
            ),
            "409": error_response("The alias is taken."),
            "429": error_response("Too many links from this address; see `Retry-After`."),
            "503": error_response("No free code was found, or DynamoDB did not answer."),
        },
    }


def paths() -> dict:
    create = _create()
    return {
        "/shorten": {"post": {**create, "operationId": "shorten"}},
        "/api/links": {"post": {**create, "operationId": "createLink"}},
    }
