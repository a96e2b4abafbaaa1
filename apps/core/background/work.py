"""Work that outgrows a request: recorded with the change, run in bounded pieces from the stream.

A request adds the first piece of the work to the transaction of the change
the user sees (``work_record``); where nothing else is written, ``work_start``
writes it alone. The ``work`` table's stream runs the piece's task, a function
marked ``@background_task``, with a ``Work``: its payload, the cursor where
the previous piece stopped, and ``limit``, how many items one piece may
touch (``BACKGROUND_PIECE_SIZE``; tests lower it). The task does at most that
much and returns the cursor to go on from, or None when the work is done.

The piece is then marked done, and the next one (the same work, the cursor)
created, in one transaction (``hand_off``) that also carries the writes the
task put in ``work.transaction`` (at most 98 of them). The next piece's
INSERT runs it in turn: each piece is one record's work, so what one
invocation does is bounded by the mapping's batch size times the piece size.
The hand-off is conditional on the piece still being pending, so a piece run
twice (delivered again, replayed) hands on once and commits its
transaction's writes once; what it wrote outside the transaction it writes
again, so that must be idempotent (apps/core/background/idempotence.py).

A piece still pending ``BACKGROUND_STUCK_AFTER`` seconds after it was
recorded (its record dead-lettered, say) is run again by the stuck-work sweep,
which bumps its ``attempts``: the stream's MODIFY runs it. After
``STUCK_RUNS`` such runs it is parked as ``stuck`` (``pending-index`` lists it
there) and the log says so: its dead letter says why.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from apps.core.background.models import WorkPiece
from apps.core.background.records import INSERT, MODIFY, StreamRecord
from apps.core.background.sweeps import Sweep
from apps.core.dynamodb.writes import (
    ConditionFailed,
    Transaction,
    TransactionRefused,
    item_create,
    item_update,
    transaction_commit,
)

logger = logging.getLogger("apps.core.background")

PENDING_SHARDS = 8  # pending-index partitions, so that busy hours spread their writes
STUCK = "stuck"
STUCK_RUNS = 3  # runs the sweep asks for before a piece is parked as stuck
DONE_LIFETIME = timedelta(days=7)
NOT_A_TASK = "{path} is not a function marked @background_task."


class UnknownTask(LookupError):
    """A piece names a task that is not (or no longer) a marked function."""


@dataclass
class Work:
    """What a task gets for one piece of its work."""

    work_id: str
    piece: int
    payload: dict
    cursor: str | None
    limit: int
    transaction: Transaction  # committed with the hand-off, at most once


Task = Callable[[Work], str | None]


def background_task(function: Task) -> Task:
    """Mark ``function`` as a task that pieces of work may name."""
    function.background_task = True
    return function


def work_record(transaction: Transaction, task: Task, payload: dict | None = None) -> WorkPiece:
    """Add the first piece of ``task``'s work to ``transaction`` (the change that calls for it)."""
    piece = _piece(task_path(task), payload or {}, work_id=uuid.uuid4().hex)
    transaction.create(piece)
    return piece


def work_start(task: Task, payload: dict | None = None) -> WorkPiece:
    """Record ``task``'s work on its own."""
    piece = _piece(task_path(task), payload or {}, work_id=uuid.uuid4().hex)
    item_create(piece)
    return piece


def task_path(task: Task) -> str:
    path = f"{task.__module__}.{task.__qualname__}"
    if not getattr(task, "background_task", False):
        raise UnknownTask(NOT_A_TASK.format(path=path))
    return path


def piece_run(record: StreamRecord) -> None:
    """The work table's stream handler: run a piece that was recorded or asked for again."""
    piece = record.new
    if piece is None or piece.pending is None:
        return  # done (the hand-off's MODIFY), or gone (TTL)
    asked_again = record.event == MODIFY and piece.attempts != record.old.attempts
    if record.event != INSERT and not asked_again:
        return
    task = _task(piece.task)
    work = Work(
        work_id=piece.work_id,
        piece=piece.piece,
        payload=piece.payload,
        cursor=piece.cursor,
        limit=settings.BACKGROUND_PIECE_SIZE,
        transaction=Transaction(nonce=f"work#{piece.work_id}#{piece.piece}"),
    )
    hand_off(piece, task(work), work.transaction)


def hand_off(piece: WorkPiece, cursor: str | None, transaction: Transaction) -> None:
    """Mark ``piece`` done and, unless ``cursor`` is None, record the next one: at most once."""
    now = timezone.now()
    transaction.update(
        piece,
        [
            WorkPiece.pending.remove(),
            WorkPiece.pending_since.remove(),
            WorkPiece.done_at.set(now),
            WorkPiece.expires.set(now + DONE_LIFETIME),
        ],
        condition=WorkPiece.pending.exists(),
        check_version=False,
    )
    if cursor is not None:
        transaction.create(
            _piece(
                piece.task,
                piece.payload,
                work_id=piece.work_id,
                number=piece.piece + 1,
                cursor=cursor,
            )
        )
    try:
        transaction_commit(transaction)
    except TransactionRefused as refused:
        if not refused.refused(piece):
            raise
        # Done before: this run is a redelivery, and its writes were committed then.


def work_stuck_sweep(now: datetime) -> str:
    """Ask again for pieces pending too long; park those asked for too often."""
    cutoff = now - timedelta(seconds=settings.BACKGROUND_STUCK_AFTER)
    asked = parked = 0
    for shard in range(PENDING_SHARDS):
        for piece in WorkPiece.pending_index.query(
            _shard_name(shard), WorkPiece.pending_since < cutoff
        ):
            stuck = piece.attempts >= STUCK_RUNS
            actions = (
                [WorkPiece.pending.set(STUCK)]
                if stuck
                else [WorkPiece.attempts.add(1), WorkPiece.pending_since.set(now)]
            )
            try:
                item_update(
                    piece, actions, condition=WorkPiece.pending.exists(), check_version=False
                )
            except ConditionFailed:
                continue  # done meanwhile
            if stuck:
                logger.error(
                    "Work %s piece %d (%s) is stuck after %d runs; its dead letter says why",
                    piece.work_id,
                    piece.piece,
                    piece.task,
                    piece.attempts,
                )
            parked += stuck
            asked += not stuck
    return f"{asked} pieces run again, {parked} parked as stuck"


def _piece(
    task: str, payload: dict, *, work_id: str, number: int = 0, cursor: str | None = None
) -> WorkPiece:
    now = timezone.now()
    return WorkPiece(
        work_id=work_id,
        piece=number,
        task=task,
        payload=payload,
        cursor=cursor,
        created=now,
        pending=_shard_name(random.randrange(PENDING_SHARDS)),  # noqa: S311 - spreads load only
        pending_since=now,
    )


def _shard_name(shard: int) -> str:
    return f"p{shard}"


def _task(path: str) -> Task:
    try:
        task = import_string(path)
    except ImportError as error:
        raise UnknownTask(NOT_A_TASK.format(path=path)) from error
    if not getattr(task, "background_task", False):
        raise UnknownTask(NOT_A_TASK.format(path=path))
    return task


STREAM_HANDLERS = {"work": piece_run}
SWEEPS = (Sweep(name="background.stuck_work", run=work_stuck_sweep, every=timedelta(minutes=5)),)
