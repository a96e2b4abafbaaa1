"""Count the DynamoDB API calls the site makes, and step in between them, through botocore's own
event hooks."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

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


@contextlib.contextmanager
def first_call_preceded(operation: str, action: Callable[[], object]) -> Iterator[None]:
    """Run ``action`` once, just before the first ``operation`` call made inside the block.

    The interleaving of two requests: another one's writes land between what
    this one read and what it writes. Calls that ``action`` makes do not run it again.
    """
    pending = [action]

    def step_in(**kwargs):
        if pending:
            pending.pop()()

    name = f"before-call.dynamodb.{operation}"
    events = shared_connection().client.meta.events
    events.register(name, step_in, unique_id="tests-first-call-preceded")
    try:
        yield
    finally:
        events.unregister(name, unique_id="tests-first-call-preceded")
