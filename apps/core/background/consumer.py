"""Handle a batch of stream records: the code that runs on Lambda and in the local worker alike.

For each record, in the stream's order, every handler of its table runs
(apps/core/background/registry.py), each in its own DynamoDB budget
(``BACKGROUND_RECORD_BUDGET``, as a request has one):

- a handler that raises is tried again, ``BACKGROUND_ATTEMPTS`` times in all,
  pausing ``BACKGROUND_RETRY_PAUSE`` seconds and doubling; if it still fails,
  the record is written whole to the dead letters for that handler
  (apps/core/background/dead_letters.py) and the batch goes on: one bad record
  never blocks the rest;
- when the last failure was DynamoDB's own (unreachable, throttled, the
  budget spent: apps/core/dynamodb/failures.py), or the dead letter cannot be
  written, the record is not a bad one: the batch stops there
  (``retry_from``), and the caller tries again from it later (the worker
  after a pause; Lambda, told through ``batchItemFailures``, by its retry policy).
A record from a stream no handler reads fails the whole batch (UnknownStream).
One log line per batch, one per dead letter. ``dead_letter_replay`` runs a
dead letter's handler on its record again, the same way.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings

from apps.core.background.dead_letters import (
    dead_letter_discard,
    dead_letter_record,
    dead_letter_write,
)
from apps.core.background.models import DeadLetter
from apps.core.background.records import StreamRecord
from apps.core.background.registry import Handler, handler_name, stream_handlers, stream_record
from apps.core.dynamodb.deadline import request_scope
from apps.core.dynamodb.failures import unavailable_reason

logger = logging.getLogger("apps.core.background")


@dataclass
class BatchOutcome:
    handled: int = 0
    dead_lettered: int = 0
    last_handled: str | None = None  # sequence number of the last record done with
    retry_from: str | None = None  # sequence number of the first record left for a later try


def batch_handle(raw_records: list[dict]) -> BatchOutcome:
    """Handle records (in Lambda's shape, all of one stream) in order."""
    started = time.monotonic()
    records = [stream_record(raw) for raw in raw_records]
    outcome = BatchOutcome()
    for record in records:
        if not _record_handle(record, outcome):
            outcome.retry_from = record.sequence
            break
        outcome.handled += 1
        outcome.last_handled = record.sequence
    if records:
        _batch_log(records[0].source, outcome, time.monotonic() - started)
    return outcome


def handler_run(handler: Handler, record: StreamRecord) -> Exception | None:
    """Run ``handler`` on ``record``, trying again after a failure; the last failure, or None."""
    attempts, pause = max(settings.BACKGROUND_ATTEMPTS, 1), settings.BACKGROUND_RETRY_PAUSE
    for attempt in range(1, attempts + 1):
        try:
            with request_scope(settings.BACKGROUND_RECORD_BUDGET):
                handler(record)
            return None
        # Whatever a handler raises is this record's failure: it is retried, then
        # logged and written to the dead letters with the error, never lost.
        except Exception as error:
            failure = error
        if attempt < attempts:
            time.sleep(pause * 2 ** (attempt - 1))
    return failure


def dead_letter_replay(letter: DeadLetter) -> Exception | None:
    """Run the letter's handler on its record again; the letter goes once that succeeds.

    The last failure, or None; a failed replay stays a letter and counts its attempts.
    """
    record = stream_record(dead_letter_record(letter))
    handlers = {handler_name(h): h for h in stream_handlers().get(record.source, ())}
    handler = handlers.get(letter.handler)
    if handler is None:
        return LookupError(f"No handler {letter.handler} reads {record.source} any more.")
    failure = handler_run(handler, record)
    if failure is None:
        dead_letter_discard(letter)
    elif not is_outage(failure):
        dead_letter_write(record, letter.handler, failure)
    return failure


def is_outage(error: BaseException) -> bool:
    """True when DynamoDB itself failed, not the handler or the record."""
    return unavailable_reason(error) is not None


def _record_handle(record: StreamRecord, outcome: BatchOutcome) -> bool:
    """Run the record's handlers; False when it must be tried again later."""
    for handler in stream_handlers()[record.source]:
        failure = handler_run(handler, record)
        if failure is None:
            continue
        if is_outage(failure):
            _outage_log(record, failure)
            return False
        try:
            dead_letter_write(record, handler_name(handler), failure)
        except Exception as error:
            if not is_outage(error):
                raise
            _outage_log(record, error)
            return False
        outcome.dead_lettered += 1
    return True


def _batch_log(source: str, outcome: BatchOutcome, seconds: float) -> None:
    logger.info(
        "Stream %s: %d records handled, %d dead-lettered, %s, in %.2f s",
        source,
        outcome.handled,
        outcome.dead_lettered,
        f"left for a retry from {outcome.retry_from}" if outcome.retry_from else "none left",
        seconds,
    )


def _outage_log(record: StreamRecord, error: BaseException) -> None:
    logger.warning(
        "Stream %s: record %s left for a retry, DynamoDB failed: %s",
        record.source,
        record.sequence,
        unavailable_reason(error),
    )
