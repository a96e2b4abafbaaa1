"""What Lambda runs, through Zappa's handler: batches of stream records and scheduled sweeps.

Zappa's handler (zappa/handler.py, 0.63) hands an event with ``Records`` to
the functions that ``AWS_EVENT_MAPPING`` (written into the package's
zappa_settings.py from the stage's ``events``) lists for the first record's
``eventSourceARN``, and silently ignores an ARN it does not list. Stream
ARNs change whenever a stream is enabled again, so they cannot be written
into the package; and the stage's ``events`` must not name the streams
either, because Zappa would then create (and on ``undeploy`` delete) its own
mappings, without a starting position or any of the settings below.
So during init (site_project/lambda_wsgi.py) ``zappa_routing_install``
replaces that mapping with ``EventRouting``: what the stage lists is kept, and
any other DynamoDB stream ARN goes to ``stream_batch``, any other ARN to
``event_unrouted``. Both fail the invocation for a source this site does not
read, rather than drop its records.

``stream_batch`` answers in the shape of ``ReportBatchItemFailures``: the
record the consumer stopped at (apps/core/background/consumer.py), from
which Lambda retries the batch; records that kept failing are already in
the dead letters. The stage's stack creates the event source mappings, aimed
at the function's SnapStart alias.

Scheduled sweeps: a schedule rule aimed at the alias, named
``<anything>-apps.core.background.aws.sweeps_run`` (Zappa's handler calls the
function named after the rule name's last ``-``), or with the input
``{"command": "apps.core.background.aws.sweeps_run"}``, runs ``sweeps_run``.
"""

from __future__ import annotations

import sys

from apps.core.background.consumer import batch_handle
from apps.core.background.registry import UnknownStream
from apps.core.background.sweeps import sweeps_run as due_sweeps_run

STREAM_BATCH = "apps.core.background.aws.stream_batch"
EVENT_UNROUTED = "apps.core.background.aws.event_unrouted"


class UnroutedEvent(LookupError):
    """An event from a source (an SQS queue, an SNS topic...) that this site does not read."""


def stream_batch(event: dict, context=None) -> dict:
    """Handle one batch from a stream's event source mapping."""
    # Zappa's handler calls a function again with fewer arguments when it raises
    # TypeError, which would handle the batch twice: no TypeError leaves here.
    try:
        records = event["Records"]
        sources = {record.get("eventSourceARN") for record in records}
        if len(sources) != 1:
            raise UnknownStream(f"One batch holds records of {len(sources)} streams.")
        outcome = batch_handle(records)
    except TypeError as error:
        raise RuntimeError(f"Stream batch failed: {error}") from error
    retry = [{"itemIdentifier": outcome.retry_from}] if outcome.retry_from else []
    return {"batchItemFailures": retry}


def sweeps_run(event: dict | None = None, context=None) -> dict:
    """Run the sweeps that are due (a schedule rule's event)."""
    try:
        return {"sweeps": due_sweeps_run()}
    except TypeError as error:
        raise RuntimeError(f"Sweeps failed: {error}") from error


def event_unrouted(event: dict, context=None) -> None:
    source = (event.get("Records") or [{}])[0].get("eventSourceARN")
    raise UnroutedEvent(f"No function of this site handles events from {source!r}.")


class EventRouting(dict):
    """Zappa's AWS_EVENT_MAPPING: the stage's entries, then the site's streams, then a refusal."""

    def get(self, arn, default=None):
        listed = super().get(arn)
        if listed:
            return listed
        return [STREAM_BATCH if _is_stream(arn) else EVENT_UNROUTED]


def zappa_routing_install() -> None:
    """Route events through ``EventRouting`` when Zappa's handler has loaded its settings."""
    zappa_settings = sys.modules.get("zappa_settings")
    if zappa_settings is not None:
        listed = getattr(zappa_settings, "AWS_EVENT_MAPPING", {})
        zappa_settings.AWS_EVENT_MAPPING = EventRouting(listed)


def _is_stream(arn: str) -> bool:
    return arn.startswith("arn:aws:dynamodb:") and "/stream/" in arn
