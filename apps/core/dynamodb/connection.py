"""The one PynamoDB connection (and botocore client) of this process.

All models share it: by default PynamoDB builds a botocore session and client
per model, which costs about 60 ms per model on a cold start (PynamoDB issue
#1245). Its client carries the site's hooks: the request deadline
(``deadline``), the write layer's watch for lost answers (``lost_answers``)
and the capacity count for the request log (``capacity``).
"""

from __future__ import annotations

from django.conf import settings
from pynamodb.connection import Connection

from apps.core.dynamodb import capacity, deadline, lost_answers

_shared_connection: SiteConnection | None = None


class SiteConnection(Connection):
    """PynamoDB's connection, whose botocore client carries the site's hooks.

    PynamoDB may replace its client (when credentials went missing), so the
    hooks are installed on whichever client it hands out.
    """

    _hooked_client = None

    @property
    def client(self):
        client = super().client
        if client is not self._hooked_client:
            _install_hooks(client.meta.events)
            self._hooked_client = client
        return client

    def dispatch(self, operation_name: str, operation_kwargs: dict) -> dict:
        """Send one call: PynamoDB's own dispatch without what the site does not use.

        PynamoDB's draws a UUID (a read of the kernel's entropy) for its
        pre- and post-send signals, to which nothing here connects, logs the
        call at DEBUG (its logger is kept at WARNING) and asks for the consumed
        capacity, which the site's hook asks for (``capacity``). What goes to
        DynamoDB is the same; each call runs about 30,000 instructions fewer.
        """
        return self._make_api_call(operation_name, operation_kwargs)


def _install_hooks(events) -> None:
    deadline.install(events, max_attempts=1 + settings.DYNAMODB_MAX_RETRIES)
    lost_answers.install(events)
    capacity.install(events)


def shared_connection() -> SiteConnection:
    """The one PynamoDB connection (and botocore client) of this process."""
    global _shared_connection
    if _shared_connection is None:
        _shared_connection = SiteConnection(
            region=settings.AWS_REGION,
            host=settings.DYNAMODB_ENDPOINT_URL or None,
            connect_timeout_seconds=settings.DYNAMODB_CONNECT_TIMEOUT,
            read_timeout_seconds=settings.DYNAMODB_READ_TIMEOUT,
            max_retry_attempts=settings.DYNAMODB_MAX_RETRIES,
            aws_access_key_id=settings.DYNAMODB_ACCESS_KEY_ID,
            aws_secret_access_key=settings.DYNAMODB_SECRET_ACCESS_KEY,
        )
    return _shared_connection
