"""The shortener's JSON API, for the site's OpenAPI document (apps/core/http/openapi.py)."""

from django.conf import settings

from apps.core.http.openapi import CURSOR, error_response
from apps.shortener.clicks import NO_REFERRER
from apps.shortener.codes import ALIAS_PATTERN
from apps.shortener.forms import DAYS_MAX, DAYS_MIN
from apps.shortener.selectors import STATS_PERIODS, TOP_SHOWN
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


KEY = [{"bearer": []}]  # an API key with the "shortener" scope
UNAUTHORISED = error_response("No API key, or one that is unknown or revoked.")
FORBIDDEN = error_response("The API key may not be used for the shortener.")
COUNTS = {
    "type": "array",
    "description": f"The most clicks first, at most {TOP_SHOWN}.",
    "items": {"type": "object", "additionalProperties": {}},
}
STATS = {
    "type": "object",
    "required": ["code", "days", "clicks", "bots", "referrers", "browsers", "devices"],
    "properties": {
        "code": {"type": "string"},
        "days": {
            "type": "array",
            "description": "Every day (UTC) of the period, oldest first.",
            "items": {
                "type": "object",
                "properties": {
                    "day": {"type": "string", "format": "date"},
                    "clicks": {"type": "integer", "description": "By people."},
                    "bots": {"type": "integer"},
                },
            },
        },
        "clicks": {"type": "integer", "description": "By people, in the period."},
        "bots": {"type": "integer", "description": "By bots, left out of the other figures."},
        "referrers": {**COUNTS, "description": f"Referring hosts ({NO_REFERRER}: none)."},
        "browsers": COUNTS,
        "devices": COUNTS,
    },
}


def _list() -> dict:
    return {
        "summary": "Your links, newest first",
        "operationId": "listLinks",
        "security": KEY,
        "parameters": [
            {
                "name": "cursor",
                "in": "query",
                "schema": CURSOR,
                "description": "From `next`.",
            }
        ],
        "responses": {
            "200": {
                "description": f"A page of at most {settings.SHORTENER_PAGE_SIZE} live links.",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["links", "next"],
                            "properties": {
                                "links": {"type": "array", "items": LINK},
                                "next": {"type": "string", "format": "uri", "nullable": True},
                            },
                        }
                    }
                },
            },
            "400": error_response("A cursor that is not one this list gave."),
            "401": UNAUTHORISED,
            "403": FORBIDDEN,
        },
    }


def _stats() -> dict:
    return {
        "summary": "A link's clicks per day, top referrers, browsers and devices",
        "operationId": "linkStats",
        "security": KEY,
        "parameters": [
            {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}},
            {
                "name": "days",
                "in": "query",
                "schema": {"type": "integer", "enum": list(STATS_PERIODS)},
                "description": "The period, ending today (UTC); default 30.",
            },
        ],
        "responses": {
            "200": {
                "description": "Figures as the background has counted them so far.",
                "content": {"application/json": {"schema": STATS}},
            },
            "400": error_response("A period other than 30 or 90 days."),
            "401": UNAUTHORISED,
            "403": FORBIDDEN,
            "404": error_response("No such link of the key's owner."),
        },
    }


def paths() -> dict:
    create = _create()
    with_key = {
        **create,
        "security": [{}, *KEY],
        "description": create["description"] + " With an API key the link is its owner's.",
    }
    return {
        "/shorten": {"post": {**with_key, "operationId": "shorten"}},
        "/api/links": {"post": {**with_key, "operationId": "createLink"}, "get": _list()},
        "/api/links/{code}/stats": {"get": _stats()},
    }
