"""The local stream worker: reads the tables' streams and hands each batch to the consumer.

What Lambda's event source mapping does on AWS, done here for DynamoDB Local
(``manage.py stream_worker``, which ``make run`` starts) and for the tests:

- the streams are those of the tables some handler reads
  (apps/core/background/registry.py), found again every ``STREAM_REFRESH``
  seconds, so a re-created table's new stream is picked up;
- each shard is read in order, a child only once its parent is read to its
  end; a batch is at most ``BATCH_SIZE`` records, handled by
  apps/core/background/consumer.py (the code Lambda runs);
- after each batch the shard's position (the last sequence number handled)
  is saved in ``stream_positions``, so a worker stopped at any point, even
  mid-batch, starts again after the last saved batch: the records after it
  are delivered again (at least once, like Lambda);
- a batch the consumer stopped on (DynamoDB unavailable) is read again from
  the record it stopped at, after a pause that doubles up to ``RETRY_PAUSE_MAX``;
  the other shards go on meanwhile.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from apps.core.background.consumer import batch_handle, is_outage
from apps.core.background.models import ShardPosition
from apps.core.background.records import lambda_shape
from apps.core.background.registry import stream_models
from apps.core.background.streams import (
    RECORDS_PER_READ,
    Shard,
    records_read,
    shard_iterator,
    stream_arn,
    stream_shards,
)
from apps.core.background.sweeps import SWEEP_CHECK, SweepsFailed, sweeps_run
from apps.core.dynamodb.failures import error_code, unavailable_reason

logger = logging.getLogger("apps.core.background")

BATCH_SIZE = 100  # records per batch: the event source mapping's BatchSize on AWS
IDLE_PAUSE = 1.0  # seconds between looks at streams that had nothing new
STREAM_REFRESH = 30.0  # seconds between looks for new streams and shards
RETRY_PAUSE_MAX = 30.0  # seconds, for a shard whose batch stopped on an outage
EXPIRED_ITERATOR = "ExpiredIteratorException"
TRIMMED = "TrimmedDataAccessException"


@dataclass
class ShardState:
    arn: str
    shard: Shard
    sequence: str | None = None  # the last record handled
    ended: bool = False
    iterator: str | None = None
    pause: float = 0.0
    retry_at: float = 0.0


class StreamWorker:
    def __init__(self, *, batch_size: int = BATCH_SIZE) -> None:
        self.batch_size = batch_size
        self._streams: dict[str, dict[str, ShardState]] = {}  # stream ARN -> shard id -> state
        self._refreshed_at: float | None = None

    def refresh(self) -> None:
        """Find the streams and their shards; load saved positions of streams new to it."""
        streams = {}
        for model in stream_models():
            arn = stream_arn(model)
            if arn is None:
                logger.warning(
                    "%s has no stream: run `manage.py dynamodb_tables create`",
                    model.Meta.table_name,
                )
                continue
            known = self._streams.get(arn) or self._positions(arn)
            shards = {}
            for shard in stream_shards(arn):
                state = known.get(shard.shard_id) or ShardState(arn, shard)
                state.shard = shard
                shards[shard.shard_id] = state
            streams[arn] = shards
        self._streams = streams
        self._refreshed_at = time.monotonic()

    def poll(self) -> int:
        """Read one batch from every shard that may be read; how many records were handled."""
        if self._refreshed_at is None or time.monotonic() - self._refreshed_at > STREAM_REFRESH:
            self.refresh()
        handled = 0
        for shards in self._streams.values():
            for state in shards.values():
                if self._readable(state, shards):
                    handled += self._read(state)
        return handled

    def drain(self, timeout: float | None = 30.0) -> int:
        """Poll until nothing is left to read; how many records were handled."""
        self.refresh()
        deadline = None if timeout is None else time.monotonic() + timeout
        total = 0
        while True:
            handled = self.poll()
            total += handled
            waiting = self._retry_pending()
            if not handled and waiting is None:
                return total
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"The streams still had records after {timeout} s.")
            if not handled:
                time.sleep(min(waiting, 1.0))

    def skip_to_end(self) -> None:
        """Move every position past the records written so far, handling none of them.

        For the tests: their clean-up between tests deletes items, and those
        deletions must never reach a handler.
        """
        self.refresh()
        for shards in self._streams.values():
            for state in shards.values():
                while not state.ended:
                    records, state.iterator = self._records(state, RECORDS_PER_READ)
                    if records:
                        state.sequence = records[-1]["dynamodb"]["SequenceNumber"]
                    state.ended = state.iterator is None
                    if not records:
                        break
                self._save(state)

    def run(self, stopping: Callable[[], bool], pause: Callable[[float], object]) -> None:
        """Read the streams and run due sweeps until ``stopping()``; ``pause`` waits."""
        sweep_at = 0.0
        outage_pause = 0.0
        while not stopping():
            try:
                handled = self.poll()
                if time.monotonic() >= sweep_at:
                    sweep_at = time.monotonic() + SWEEP_CHECK
                    self._sweeps()
            except Exception as error:
                if not is_outage(error):
                    raise
                outage_pause = min(max(outage_pause * 2, IDLE_PAUSE), RETRY_PAUSE_MAX)
                logger.warning(
                    "DynamoDB unavailable (%s); trying again in %.0f s",
                    unavailable_reason(error),
                    outage_pause,
                )
                pause(outage_pause)
                continue
            outage_pause = 0.0
            if not handled:
                pause(IDLE_PAUSE)

    def _readable(self, state: ShardState, shards: dict[str, ShardState]) -> bool:
        parent = shards.get(state.shard.parent_id)
        return (
            not state.ended
            and state.retry_at <= time.monotonic()
            and (parent is None or parent.ended)
        )

    def _read(self, state: ShardState) -> int:
        records, following = self._records(state, self.batch_size)
        if records:
            outcome = batch_handle([lambda_shape(record, state.arn) for record in records])
            if outcome.retry_from is not None:
                self._retry_later(state, outcome.last_handled)
                return outcome.handled
            state.sequence = records[-1]["dynamodb"]["SequenceNumber"]
        state.iterator, state.ended, state.pause = following, following is None, 0.0
        if records or state.ended:
            self._save(state)
        return len(records)

    def _retry_later(self, state: ShardState, last_handled: str | None) -> None:
        if last_handled is not None:
            state.sequence = last_handled
            self._save(state)
        state.iterator = None
        state.pause = min(max(state.pause * 2, IDLE_PAUSE), RETRY_PAUSE_MAX)
        state.retry_at = time.monotonic() + state.pause

    def _retry_pending(self) -> float | None:
        """Seconds until the first shard waiting for a retry may be read; None if none waits."""
        waits = [
            state.retry_at - time.monotonic()
            for shards in self._streams.values()
            for state in shards.values()
            if not state.ended and state.pause
        ]
        return max(min(waits), 0.0) if waits else None

    def _records(self, state: ShardState, limit: int) -> tuple[list[dict], str | None]:
        """The next records of the shard, with a new iterator when the one held went stale."""
        try:
            state.iterator = state.iterator or self._iterator(state)
            return records_read(state.iterator, limit)
        except Exception as error:
            if error_code(error) not in (EXPIRED_ITERATOR, TRIMMED):
                raise
            if error_code(error) == TRIMMED and state.sequence is not None:
                logger.warning("Stream %s: records after %s are gone", state.arn, state.sequence)
                state.sequence = None
        state.iterator = self._iterator(state)
        return records_read(state.iterator, limit)

    @staticmethod
    def _iterator(state: ShardState) -> str:
        return shard_iterator(state.arn, state.shard.shard_id, state.sequence)

    @staticmethod
    def _positions(arn: str) -> dict[str, ShardState]:
        return {
            saved.shard_id: ShardState(
                arn, Shard(saved.shard_id, None), sequence=saved.sequence, ended=saved.ended
            )
            for saved in ShardPosition.query(arn)
        }

    @staticmethod
    def _save(state: ShardState) -> None:
        ShardPosition(
            stream_arn=state.arn,
            shard_id=state.shard.shard_id,
            sequence=state.sequence,
            ended=state.ended,
        ).save()

    @staticmethod
    def _sweeps() -> None:
        # Each failure is in the log already; the worker goes on.
        with contextlib.suppress(SweepsFailed):
            sweeps_run()
