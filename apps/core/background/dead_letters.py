"""Dead letters: stream records a handler kept failing on, kept whole until replayed or discarded.

The consumer writes one (``dead_letter_write``) after a handler's last
attempt at a record; ``manage.py dead_letters`` lists, replays
(apps/core/background/consumer.py, ``dead_letter_replay``) and discards them.
A letter holds the record exactly as Lambda delivers it, so a replay runs the
handler on what it would have seen, and holds it for as long as needed:
the stream itself forgets records after 24 hours, and an SQS on-failure
destination receives only where they were.

On AWS the consumer writes its dead letters itself; a batch reaches the
on-failure destination only when its invocations kept failing as a whole
(DynamoDB down, the function timing out) until the mapping's retry limit.
``stream_batch_recover`` turns such a message (the stream, shard and sequence
range of the batch) into dead letters holding its records whole, read back
from the stream while it still has them (``manage.py dead_letters recover``).
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Iterator

from django.conf import settings
from django.utils import timezone

from apps.core.background.models import DeadLetter
from apps.core.background.records import StreamRecord, lambda_shape
from apps.core.background.registry import handler_name, stream_handlers, stream_record
from apps.core.background.streams import RECORDS_PER_READ, records_read, streams_client
from apps.core.dynamodb.models import table_models

logger = logging.getLogger("apps.core.background")

ERROR_CHARACTERS = 2000  # of the last error's text kept with the letter


def dead_letter_write(
    record: StreamRecord, handler: str, error: BaseException, attempts: int | None = None
) -> DeadLetter:
    """Keep ``record`` for ``handler``; a letter already there counts the new attempts."""
    letter = DeadLetter(source=record.source, letter=f"{record.event_id}#{handler}")
    text = f"{type(error).__name__}: {error}"[:ERROR_CHARACTERS]
    # One letter per record and handler, however often the record failed.
    letter.update(
        actions=[
            DeadLetter.handler.set(handler),
            DeadLetter.event_id.set(record.event_id),
            DeadLetter.sequence.set(record.sequence),
            DeadLetter.record.set(zlib.compress(json.dumps(record.raw).encode())),
            DeadLetter.error.set(text),
            DeadLetter.attempts.add(attempts or settings.BACKGROUND_ATTEMPTS),
            DeadLetter.failed_at.set(timezone.now()),
        ]
    )
    logger.error(
        "Dead letter: %s record %s (sequence %s) for %s after %d attempts: %s",
        record.source,
        record.event_id,
        record.sequence,
        handler,
        letter.attempts,
        text,
    )
    return letter


def dead_letter_record(letter: DeadLetter) -> dict:
    """The record the letter holds, as Lambda delivered it."""
    return json.loads(zlib.decompress(letter.record))


def dead_letters_list(*, source: str | None = None, event_id: str = "") -> Iterator[DeadLetter]:
    """The letters of one stream's table or of all, optionally of one record (by its eventID)."""
    sources = [source] if source else _stream_tables()
    condition = DeadLetter.letter.startswith(f"{event_id}#") if event_id else None
    for name in sources:
        yield from DeadLetter.query(name, range_key_condition=condition)


def dead_letter_discard(letter: DeadLetter) -> None:
    letter.delete()


class FailedBatch(Exception):
    """What an on-failure destination said about a batch, kept as each letter's error."""


def stream_batch_recover(message: dict) -> int:
    """Dead letters, one per record and handler, for the batch an on-failure message names.

    ``message`` is the destination's invocation record (its ``DDBStreamBatchInfo``
    says where the batch was); how many letters were written.
    """
    batch = message["DDBStreamBatchInfo"]
    context = message.get("requestContext", {})
    condition = context.get("condition", "failed")
    error = FailedBatch(f"the batch went to the on-failure destination ({condition})")
    written = 0
    for raw in _batch_records(batch):
        record = stream_record(lambda_shape(raw, batch["streamArn"]))
        for handler in stream_handlers()[record.source]:
            dead_letter_write(
                record, handler_name(handler), error, context.get("approximateInvokeCount")
            )
            written += 1
    return written


def _batch_records(batch: dict) -> Iterator[dict]:
    end = int(batch["endSequenceNumber"])
    iterator = streams_client().get_shard_iterator(
        StreamArn=batch["streamArn"],
        ShardId=batch["shardId"],
        ShardIteratorType="AT_SEQUENCE_NUMBER",
        SequenceNumber=batch["startSequenceNumber"],
    )["ShardIterator"]
    while iterator:
        records, iterator = records_read(iterator, RECORDS_PER_READ)
        for record in records:
            if int(record["dynamodb"]["SequenceNumber"]) > end:
                return
            yield record
        if not records:
            return


def _stream_tables() -> list[str]:
    return [
        model.Meta.logical_name
        for model in table_models()
        if getattr(model.Meta, "stream_view_type", None)
    ]
