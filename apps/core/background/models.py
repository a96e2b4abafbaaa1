"""The tables of the background engine (apps/core/background/__init__.py says how they fit)."""

from pynamodb.attributes import (
    BinaryAttribute,
    BooleanAttribute,
    JSONAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from apps.core.dynamodb.models import TableModel


class PendingIndex(GlobalSecondaryIndex):
    """Pieces not yet done, oldest first: what the stuck-work sweep reads (sparse)."""

    class Meta:
        index_name = "pending-index"
        projection = AllProjection()

    pending = UnicodeAttribute(hash_key=True)
    pending_since = UTCDateTimeAttribute(range_key=True)


class WorkPiece(TableModel):
    """One bounded piece of background work; its stream runs it (apps/core/background/work.py).

    Access patterns:
    - a request records the first piece (piece 0) in the same TransactWriteItems
      as the change that calls for it (PutItem, ``attribute_not_exists``);
    - the stream's INSERT runs the piece's ``task``; the piece is then marked
      done (UpdateItem removing ``pending``, conditional on it) in the same
      transaction that creates the next piece, keyed ``(work_id, piece + 1)``,
      so a replayed piece hands on nothing twice;
    - the stuck-work sweep: Query ``pending-index`` per ``pending`` shard for
      pieces pending since before a cutoff, and UpdateItem ``attempts`` on each:
      the stream's MODIFY runs the piece again.
    ``expires`` (TTL) clears done pieces after a week.
    """

    class Meta:
        logical_name = "work"
        stream_view_type = "NEW_AND_OLD_IMAGES"

    work_id = UnicodeAttribute(hash_key=True)
    piece = NumberAttribute(range_key=True)
    task = UnicodeAttribute()  # dotted path of a function marked @background_task
    payload = JSONAttribute(default=dict)
    cursor = UnicodeAttribute(null=True)  # where the previous piece stopped
    created = UTCDateTimeAttribute()
    attempts = NumberAttribute(default=0)  # runs asked for by the stuck-work sweep
    pending = UnicodeAttribute(null=True)  # a shard of pending-index while not done
    pending_since = UTCDateTimeAttribute(null=True)
    done_at = UTCDateTimeAttribute(null=True)
    expires = TTLAttribute(null=True)
    pending_index = PendingIndex()


class Receipt(TableModel):
    """That a handler applied a stream record: written in the transaction that applied it.

    Access patterns: a handler's TransactWriteItems creates ``<handler>#<eventID>``
    (``attribute_not_exists``) with its own writes, so the record's effects
    commit once however often it is delivered
    (apps/core/background/idempotence.py). Kept a week (TTL), well past the
    stream's 24 hours.
    """

    class Meta:
        logical_name = "receipts"

    key = UnicodeAttribute(hash_key=True)
    expires = TTLAttribute()


class DeadLetter(TableModel):
    """A stream record a handler kept failing on, whole, as Lambda would deliver it.

    Access patterns (apps/core/background/dead_letters.py):
    - the consumer writes it (PutItem) after the last attempt; the key is the
      record's and the handler's, so a record dead-lettered twice (a worker
      stopped before it saved its position) is one letter;
    - ``manage.py dead_letters``: Query by ``source`` (the stream's table,
      one Query per registered stream), GetItem and DeleteItem by key.
    ``record`` is the record's JSON, zlib-compressed (a record holds up to two
    item images of up to 400 KB each). Kept until replayed or discarded.
    """

    class Meta:
        logical_name = "dead_letters"

    source = UnicodeAttribute(hash_key=True)  # logical name of the stream's table
    letter = UnicodeAttribute(range_key=True)  # "<eventID>#<handler>"
    handler = UnicodeAttribute()
    event_id = UnicodeAttribute()
    sequence = UnicodeAttribute()
    record = BinaryAttribute(legacy_encoding=False)
    error = UnicodeAttribute()
    attempts = NumberAttribute()
    failed_at = UTCDateTimeAttribute()


class ShardPosition(TableModel):
    """How far the local worker has read one shard of a stream (apps/core/background/worker.py).

    Access patterns: Query by ``stream_arn`` when the worker meets a stream;
    PutItem after each batch it handled. On AWS the event source mapping keeps
    its own positions and this table stays empty.
    """

    class Meta:
        logical_name = "stream_positions"

    stream_arn = UnicodeAttribute(hash_key=True)
    shard_id = UnicodeAttribute(range_key=True)
    sequence = UnicodeAttribute(null=True)  # the last record handled; none yet: from the start
    ended = BooleanAttribute(default=False)  # closed and read to its end


class SweepRun(TableModel):
    """When a scheduled sweep last started (apps/core/background/sweeps.py).

    Access patterns: UpdateItem by ``name``, conditional on the last run being
    older than the sweep's period, claims a run, so that the local worker and
    overlapping scheduled invocations never run one sweep twice in a period.
    """

    class Meta:
        logical_name = "sweep_runs"

    name = UnicodeAttribute(hash_key=True)
    started = UTCDateTimeAttribute()
