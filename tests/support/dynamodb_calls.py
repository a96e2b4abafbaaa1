"""Count the DynamoDB API calls the site makes, through botocore's own event hooks."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from apps.core.dynamodb.connection import shared_connection


@contextlib.contextmanager
def dynamodb_calls() -> Iterator[list[tuple[str, str]]]:
    """Yield a list that fills with (operation, table) for every call made inside the block."""
    calls: list[tuple[str, str]] = []

    def record(params, model, **kwargs):
        calls.append((model.name, params.get("TableName", "")))

    events = shared_connection().client.meta.events
    events.register("before-parameter-build.dynamodb", record, unique_id="tests-dynamodb-calls")
    try:
        yield calls
    finally:
        events.unregister("before-parameter-build.dynamodb", unique_id="tests-dynamodb-calls")
