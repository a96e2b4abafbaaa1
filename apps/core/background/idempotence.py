"""Helpers for handlers, which must be idempotent and order tolerant.

A stream record is delivered at least once: again after a worker or a Lambda
invocation stopped before saving its position, again when a window of the
stream or a dead letter is replayed. Records of different items come in any
order across shards; the changes of one item come in order, but a replay
brings old ones back after newer ones. Three patterns, all through the write
layer (apps/core/dynamodb/writes.py):

- **Writes that are the same every time** (put this timeline entry, delete
  that vote) need nothing: do them again.
- **Writes that add up** (a count, an email sent, a second piece handed on)
  go in ``record_transaction(record, handler)``: a ``Transaction`` that also
  creates the receipt ``<handler>#<eventID>``; ``transaction_commit`` answers
  False when the record was applied before, and nothing is written twice.
- **Copies of a source item** (a dwipp in a follower's feed) keep the
  ``position`` of the record they came from and are written only over an
  older one: ``condition=newer_than(Copy.source_position, record)``; a refused
  write (``ConditionFailed``) means a newer change is already there. Removing
  such a copy leaves a tombstone that keeps the position (with a TTL longer
  than the stream's 24 hours and any replay), so an old INSERT replayed after
  the REMOVE cannot bring it back.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from pynamodb.attributes import Attribute
from pynamodb.expressions.condition import Condition

from apps.core.background.models import Receipt
from apps.core.background.records import StreamRecord
from apps.core.background.registry import Handler, handler_name
from apps.core.dynamodb.writes import Transaction

RECEIPT_LIFETIME = timedelta(days=7)


def record_transaction(record: StreamRecord, handler: Handler | str) -> Transaction:
    """A transaction whose writes for ``record`` by ``handler`` commit at most once.

    Commit it with ``transaction_commit``: False means this record was applied
    before, and this time nothing was written.
    """
    name = handler if isinstance(handler, str) else handler_name(handler)
    key = f"{name}#{record.event_id}"
    # The receipt's key is the nonce, so a refused receipt proves our earlier commit.
    transaction = Transaction(nonce=key)
    transaction.create(Receipt(key=key, expires=timezone.now() + RECEIPT_LIFETIME))
    return transaction


def newer_than(attribute: Attribute, record: StreamRecord) -> Condition:
    """Write only where the stored copy came from an older change (or there is none)."""
    return attribute.does_not_exist() | (attribute < record.position)
