"""Writing log entries. Every write names the captain, so nobody writes another's log."""

from __future__ import annotations

from datetime import UTC, datetime

from apps.accounts.selectors import username_key
from apps.captains_log.models import LogEntry, entry_id_new
from apps.core.dynamodb.writes import (
    ConditionFailed,
    item_create,
    item_delete,
    item_replace,
    items_delete_batch,
)

ENTRY_CHANGED = (
    "This entry was changed in another tab or window meanwhile, and nothing was saved here. "
    "Open the entry as it is now to see the changes, then edit again."
)


class EntryChanged(Exception):
    """The entry's version moved on since the form was shown (or it was deleted)."""


def entry_create(*, captain: str, title: str, text: str, at: datetime | None = None) -> LogEntry:
    created = at or datetime.now(UTC)
    entry = LogEntry(captain, entry_id_new(created), title=title, text=text, created=created)
    item_create(entry)
    return entry


def entry_update(entry: LogEntry, *, title: str, text: str, version: int) -> LogEntry:
    """Save new words if the entry is still at ``version``; EntryChanged if not."""
    entry.title, entry.text = title, text
    entry.updated = datetime.now(UTC)
    entry.version = version
    try:
        item_replace(entry)
    except ConditionFailed as error:
        raise EntryChanged(ENTRY_CHANGED) from error
    return entry


def entry_delete(entry: LogEntry, *, version: int) -> None:
    entry.version = version
    try:
        item_delete(entry)
    except ConditionFailed as error:
        raise EntryChanged(ENTRY_CHANGED) from error


def user_data_delete(user, limit: int) -> bool:
    """Account deletion: up to ``limit`` entries of the captain's log; True when none is left.

    A Query of the captain's entries (from the start: what an earlier call
    deleted is gone) and BatchWriteItem of 25 deletes a request (the write
    layer's batch), unconditional: an entry edited meanwhile goes too.
    """
    entries = list(
        LogEntry.query(
            username_key(user.username), consistent_read=True, limit=limit, page_size=limit
        )
    )
    items_delete_batch(entries)
    return len(entries) < limit
