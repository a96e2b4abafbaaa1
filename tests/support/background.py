"""The tests' stream worker: the local worker's own reader, run to the end of what tests wrote.

One worker serves the whole run, so its place in every shard survives the
tables being emptied between tests. The ``streams`` fixture moves it past
everything written before the test (the clean-up's deletions among it) and
saves those positions, so that no handler ever sees the clean-up, and a worker
process started by the test starts from there too.
"""

from __future__ import annotations

from functools import cache

from apps.core.background.records import lambda_shape
from apps.core.background.streams import records_read, shard_iterator, stream_arn, stream_shards
from apps.core.background.worker import StreamWorker


@cache
def stream_worker() -> StreamWorker:
    return StreamWorker()


def stream_records(model) -> list[dict]:
    """Every record of the table's stream so far, in Lambda's shape, oldest first."""
    arn = stream_arn(model)
    records = []
    for shard in stream_shards(arn):
        iterator = shard_iterator(arn, shard.shard_id, None)
        while iterator:
            read, iterator = records_read(iterator, 1000)
            records += [lambda_shape(record, arn) for record in read]
            if not read:
                break
    return records
