"""Parsing a JSON request body: every JSON endpoint reads its body here.

Anything that is not JSON this site can store is refused with a message that
says why, so the endpoint answers 400 and never 500: malformed JSON, nesting
deep enough to exhaust Python's recursion (1,000 ``[``), and lone surrogates
anywhere in the document (apps.core.dynamodb.storable).
"""

from __future__ import annotations

import json

from apps.core.dynamodb.storable import TEXT_UNSTORABLE, text_storable

JSON_INVALID = "The body is not valid JSON."
JSON_TOO_DEEP = "The JSON is nested too deeply."
JSON_MAX_DEPTH = 32


class BadJSON(ValueError):
    """The body is not JSON this site accepts; ``str()`` says why."""


def json_body(raw: bytes) -> object:
    """The parsed body; BadJSON when it is not JSON this site can store."""
    try:
        document = json.loads(raw)
    except RecursionError as error:
        raise BadJSON(JSON_TOO_DEEP) from error
    except ValueError as error:
        raise BadJSON(JSON_INVALID) from error
    _check(document, depth=0)
    return document


def _check(value, *, depth: int) -> None:
    """Refuse nesting deeper than JSON_MAX_DEPTH and text DynamoDB cannot store."""
    if depth > JSON_MAX_DEPTH:
        raise BadJSON(JSON_TOO_DEEP)
    if isinstance(value, str) and not text_storable(value):
        raise BadJSON(TEXT_UNSTORABLE)
    if isinstance(value, dict):
        for key, item in value.items():
            _check(key, depth=depth + 1)
            _check(item, depth=depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth=depth + 1)
