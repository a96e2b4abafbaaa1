"""Did an attempt of this write lose its answer? A botocore hook that notes it.

botocore retries a call whose answer was lost (a timeout, a closed connection,
a 5xx), though DynamoDB may have applied the first attempt. The write layer
(``writes``) watches each single-item write with ``watching()``; the hook,
which the shared connection installs on its client (``connection``), marks the
watch when an attempt got no clear answer, and the write layer then reads the
item back to tell its own committed write from someone else's item.

A module of its own, like ``deadline`` and ``capacity``, so that the connection
installs the hooks without importing the write layer, which works on the models
that use the connection.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass

import botocore.exceptions


@dataclass
class Attempts:
    unanswered: bool = False


_attempts: contextvars.ContextVar[Attempts | None] = contextvars.ContextVar(
    "dynamodb_write_attempts", default=None
)


def _note_attempt(exception=None, response_dict=None, **kwargs) -> None:
    """botocore hook: remember that an attempt of the current write got no clear answer."""
    attempts = _attempts.get()
    if attempts is None:
        return
    lost = isinstance(exception, botocore.exceptions.HTTPClientError)
    failed_inside = response_dict is not None and response_dict.get("status_code", 0) >= 500
    if lost or failed_inside:
        attempts.unanswered = True


def install(events) -> None:
    """Hook the watch into a botocore DynamoDB client's events."""
    events.register("response-received.dynamodb", _note_attempt, unique_id="site-write-attempts")


@contextlib.contextmanager
def watching() -> Iterator[Attempts]:
    """Watch the calls made inside: ``unanswered`` is True once an attempt lost its answer."""
    attempts = Attempts()
    token = _attempts.set(attempts)
    try:
        yield attempts
    finally:
        _attempts.reset(token)
