"""The DynamoDB Streams API, as the local worker reads it (on AWS the event source mapping does).

What DynamoDB Local 3.3.1 does (checked by experiment, as AWS documents it):
a table created or updated with a StreamSpecification reports its
``LatestStreamArn`` (labelled with the time it was enabled); DescribeStream
lists its shards, GetShardIterator gives TRIM_HORIZON, LATEST and
AFTER_SEQUENCE_NUMBER iterators, GetRecords returns up to 1,000 records and
the next iterator. A write that changes nothing makes no record; a
transaction's writes come as separate records. Deleting the table disables
its stream: the shard gets an ending sequence number and, once read, no next
iterator. A re-created table (or a re-enabled stream) has a new stream ARN
whose shards start after every sequence number the old one used: positions
belong to one stream ARN. On AWS, shards also close every few hours and
split; children follow their parent.

Unlike AWS, DynamoDB Local numbers the records of every table from one
counter, and a TRIM_HORIZON iterator taken while a shard is empty (or the
next iterator of an empty read) points at the shard's starting number: once
the shard's first record has a higher one (another table was written in
between), reading it fails with TrimmedDataAccessException. The worker then
takes a new TRIM_HORIZON iterator, which finds the record; nothing was lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.conf import settings

from apps.core.dynamodb.connection import shared_connection
from apps.core.dynamodb.models import TableModel

RECORDS_PER_READ = 1000  # GetRecords' most


@dataclass(frozen=True)
class Shard:
    shard_id: str
    parent_id: str | None


@cache
def streams_client():
    """A DynamoDB Streams client on the same endpoint and credentials as the site's tables."""
    from botocore.config import Config

    return shared_connection().session.create_client(
        "dynamodbstreams",
        settings.AWS_REGION,
        endpoint_url=settings.DYNAMODB_ENDPOINT_URL or None,
        config=Config(
            connect_timeout=settings.DYNAMODB_CONNECT_TIMEOUT,
            read_timeout=settings.DYNAMODB_READ_TIMEOUT,
            retries={"mode": "standard", "total_max_attempts": 1 + settings.DYNAMODB_MAX_RETRIES},
        ),
    )


def stream_arn(model: type[TableModel]) -> str | None:
    """The ARN of the table's enabled stream, or None."""
    table = model.describe_table()
    enabled = (table.get("StreamSpecification") or {}).get("StreamEnabled")
    return table.get("LatestStreamArn") if enabled else None


def stream_shards(arn: str) -> list[Shard]:
    """Every shard of the stream, each after its parent."""
    shards, start = [], {}
    while True:
        description = streams_client().describe_stream(StreamArn=arn, **start)["StreamDescription"]
        shards += [Shard(s["ShardId"], s.get("ParentShardId")) for s in description["Shards"]]
        last = description.get("LastEvaluatedShardId")
        if not last:
            return _parents_first(shards)
        start = {"ExclusiveStartShardId": last}


def shard_iterator(arn: str, shard_id: str, after: str | None) -> str:
    """An iterator just after sequence number ``after``, or at the shard's oldest record."""
    position = (
        {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": after}
        if after
        else {"ShardIteratorType": "TRIM_HORIZON"}
    )
    answer = streams_client().get_shard_iterator(StreamArn=arn, ShardId=shard_id, **position)
    return answer["ShardIterator"]


def records_read(iterator: str, limit: int) -> tuple[list[dict], str | None]:
    """Up to ``limit`` records (as boto3 parses them) and the next iterator (None: shard ended)."""
    answer = streams_client().get_records(ShardIterator=iterator, Limit=limit)
    return answer["Records"], answer.get("NextShardIterator")


def _parents_first(shards: list[Shard]) -> list[Shard]:
    listed = {shard.shard_id: shard for shard in shards}
    ordered: dict[str, Shard] = {}

    def place(shard: Shard) -> None:
        if shard.shard_id in ordered:
            return
        if shard.parent_id in listed:
            place(listed[shard.parent_id])
        ordered[shard.shard_id] = shard

    for shard in shards:
        place(shard)
    return list(ordered.values())
