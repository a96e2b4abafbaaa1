"""One budget per request for all its DynamoDB calls and their retries.

A hanging DynamoDB must not keep a user waiting for every call's timeout times
every retry. The middleware opens a request scope (``request_scope``) holding
``DYNAMODB_REQUEST_BUDGET`` seconds of DynamoDB time: what the request's
attempts and retry pauses take is spent from it (the page's own work, such as
hashing a password, is not). Three botocore hooks on the shared client keep
every call inside it:

- before each attempt (``before-send``), the socket's read timeout shrinks to
  what is left of the budget, and an attempt with (almost) nothing left is not
  made: ``DeadlineExceeded``, which the site answers with its 503;
- when an attempt ends (``response-received``), its time is spent;
- after each attempt (``needs-retry``), botocore's own standard retry
  policy decides whether to retry, and its pause is taken (and spent) only
  when the pause and another attempt still fit in the budget. This handler
  takes the place of botocore's (``install`` removes that one), so the
  policy is evaluated once an attempt, not twice.

The write layer's own retries (a batch's unprocessed writes, a transaction
that met a concurrent one) pause through ``pause`` under the same rule.

Outside a request (management commands, the shell) there is no deadline.
The scope also gives the request an id, from which the write layer derives
the ClientRequestToken of each transaction (apps/core/dynamodb/writes.py).
"""

from __future__ import annotations

import contextlib
import contextvars
import itertools
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from botocore.exceptions import BotoCoreError
from botocore.retries import standard
from django.conf import settings

# An attempt needs at least this long to be worth making.
MIN_ATTEMPT_SECONDS = 0.05


class DeadlineExceeded(BotoCoreError):
    """The request's DynamoDB budget is spent; nothing more is sent."""

    fmt = "The request's DynamoDB budget of {budget} s is spent."


ATTEMPT_STARTED = "site_attempt_started"  # key in botocore's request context


@dataclass
class RequestScope:
    budget: float
    spent: float = 0.0
    transactions: Iterator[int] = field(default_factory=itertools.count)
    # What the request's calls cost, for its log line (apps/core/http/request_log.py).
    calls: int = 0
    read_units: float = 0.0
    write_units: float = 0.0
    _request_id: str | None = field(default=None, repr=False)

    def remaining(self) -> float:
        return self.budget - self.spent

    @property
    def request_id(self) -> str:
        """Drawn when first asked for: most requests need none (reading the kernel's
        entropy costs tens of microseconds on a busy machine)."""
        if self._request_id is None:
            self._request_id = uuid.uuid4().hex
        return self._request_id


_scope: contextvars.ContextVar[RequestScope | None] = contextvars.ContextVar(
    "dynamodb_request_scope", default=None
)


@contextlib.contextmanager
def request_scope(budget: float) -> Iterator[RequestScope]:
    """Every DynamoDB call made inside the block shares ``budget`` seconds."""
    scope = RequestScope(budget=budget)
    token = _scope.set(scope)
    try:
        yield scope
    finally:
        _scope.reset(token)


def current_scope() -> RequestScope | None:
    return _scope.get()


def before_send(request, **kwargs) -> None:
    """botocore hook: fit the attempt's read timeout into the budget, or refuse to send."""
    scope = _scope.get()
    if scope is None:
        return
    left = scope.remaining()
    if left < MIN_ATTEMPT_SECONDS:
        raise DeadlineExceeded(budget=scope.budget)
    request.context["read_timeout"] = min(left, settings.DYNAMODB_READ_TIMEOUT)
    request.context[ATTEMPT_STARTED] = time.monotonic()


def attempt_ended(context, **kwargs) -> None:
    """botocore hook: spend the attempt's time from the budget."""
    scope, started = _scope.get(), context.pop(ATTEMPT_STARTED, None)
    if scope is not None and started is not None:
        scope.spent += time.monotonic() - started


class DeadlineRetries:
    """botocore's standard retry policy, with each pause and retry inside the deadline.

    It stands in for botocore's own handler (``standard.RetryHandler``), which
    would pause however long its backoff says: the same policy and backoff,
    and the same note in the answer's ``ResponseMetadata`` (``MaxAttemptsReached``),
    but no retry quota, which never decided anything while both ran (this one
    answered first).
    """

    def __init__(self, max_attempts: int) -> None:
        self._adapter = standard.RetryEventAdapter()
        self._policy = standard.RetryPolicy(
            retry_checker=standard.StandardRetryConditions(max_attempts=max_attempts),
            retry_backoff=standard.ExponentialBackoff(
                service_name="dynamodb",
                throttling_detector=standard.ThrottlingErrorDetector(self._adapter),
            ),
        )

    def needs_retry(self, **kwargs) -> float | bool:
        context = self._adapter.create_retry_context(**kwargs)
        retry = self._policy.should_retry(context)
        self._adapter.adapt_retry_response_from_context(context)
        if not retry:
            return False
        delay = self._policy.compute_retry_delay(context)
        return delay if pause_affordable(delay) else False


def pause_affordable(seconds: float) -> bool:
    """Whether a pause and another attempt after it fit in the budget; if so, it is spent.

    Outside a request there is no budget: always.
    """
    scope = _scope.get()
    if scope is None:
        return True
    if seconds + MIN_ATTEMPT_SECONDS > scope.remaining():
        return False
    scope.spent += seconds
    return True


def pause(seconds: float) -> bool:
    """Wait before trying again, if the budget affords it (``pause_affordable``)."""
    if not pause_affordable(seconds):
        return False
    time.sleep(seconds)
    return True


# The id under which botocore registers its standard retry handler on a DynamoDB client
# (botocore.retries.standard.register_retry_handler).
BOTOCORE_RETRY_HANDLER = "retry-config-dynamodb"


def install(events, *, max_attempts: int) -> None:
    """Hook the deadline into a botocore DynamoDB client's events."""
    events.register("before-send.dynamodb", before_send, unique_id="site-deadline-send")
    events.register("response-received.dynamodb", attempt_ended, unique_id="site-deadline-attempt")
    events.unregister("needs-retry.dynamodb", unique_id=BOTOCORE_RETRY_HANDLER)
    events.register_first(
        "needs-retry.dynamodb",
        DeadlineRetries(max_attempts).needs_retry,
        unique_id="site-deadline-retry",
    )
