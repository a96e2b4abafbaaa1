"""The probe's stream handler, recorded-work task and sweep, written as an app's would be."""

import contextlib
import os
import signal
from datetime import timedelta
from pathlib import Path

from django.conf import settings

from apps.core.background.idempotence import newer_than, record_transaction
from apps.core.background.records import StreamRecord
from apps.core.background.sweeps import Sweep, expired_items_delete
from apps.core.background.work import Work, background_task, work_record
from apps.core.dynamodb.writes import ConditionFailed, Transaction, item_create, transaction_commit
from tests.background.probe.models import ProbeEffect, ProbeItem

COUNTER = "count#total"
EXPIRING = "yes"


def probe_changed(record: StreamRecord) -> None:
    _misbehave(record.new)
    _copy(record)
    _count(record)
    if record.expired:
        ProbeEffect(key=f"expired#{record.old.name}").save()


def _misbehave(item: ProbeItem | None) -> None:
    if item is None:
        return
    if item.poison and not getattr(settings, "PROBE_POISON_CURED", False):
        raise ValueError(f"{item.name} is poison")
    if item.die and not Path(item.die).exists():
        Path(item.die).touch()
        os.kill(os.getpid(), signal.SIGKILL)


def _copy(record: StreamRecord) -> None:
    """A copy of the item, or a tombstone, written only over a copy of an older change."""
    item = record.new or record.old
    copy = ProbeEffect(
        key=f"copy#{item.name}",
        value=item.value if record.new else None,
        source_position=record.position,
        deleted=record.new is None,
    )
    # Refused when a newer change is there already.
    with contextlib.suppress(ConditionFailed):
        item_create(copy, reclaim=newer_than(ProbeEffect.source_position, record))


def _count(record: StreamRecord) -> None:
    """Count the record once, however often it comes."""
    transaction = record_transaction(record, probe_changed)
    transaction.update(ProbeEffect(key=COUNTER), [ProbeEffect.tally.add(1)], check_version=False)
    transaction_commit(transaction)


@background_task
def probe_pieces(work: Work) -> str | None:
    """Write ``piece#0`` ... ``piece#<total - 1>``, ``work.limit`` a piece, and count them."""
    start, total = int(work.cursor or 0), work.payload["total"]
    end = min(start + work.limit, total)
    with ProbeEffect.batch_write() as batch:
        for number in range(start, end):
            batch.save(ProbeEffect(key=f"piece#{number}", value=number))
    work.transaction.update(
        ProbeEffect(key=COUNTER), [ProbeEffect.tally.add(end - start)], check_version=False
    )
    return str(end) if end < total else None


def probe_item_create_with_work(name: str, total: int) -> None:
    """As a request would: the change the user sees and the work it calls for, together."""
    transaction = Transaction()
    transaction.create(ProbeItem(name=name))
    work_record(transaction, probe_pieces, {"total": total})
    transaction_commit(transaction)


def probe_expired_sweep(now) -> str:
    items = ProbeItem.expiring_index.query(EXPIRING, ProbeItem.expires <= now)
    return f"{expired_items_delete(items, now)} expired items deleted"


STREAM_HANDLERS = {"probe_items": probe_changed}
SWEEPS = (Sweep(name="probe.expired", run=probe_expired_sweep, every=timedelta(minutes=1)),)
