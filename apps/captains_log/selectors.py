"""Reading a captain's own log. Only the signed-in captain's key is ever queried.

The log's page cursors are signed for the captain (apps/core/dynamodb/cursors.py):
another captain's, an edited or a made-up one is BadCursor.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from apps.captains_log.models import ENTRY_ID, LogEntry
from apps.core.dynamodb.cursors import cursor_dump, cursor_load

CURSOR_SCOPE = "captains_log.entries"


@dataclass
class LogPage:
    entries: list[LogEntry]
    older: str | None  # cursor for the next page of older entries
    newer: str | None  # cursor for the page of newer entries


def entry_get(*, captain: str, entry_id: str) -> LogEntry | None:
    if not ENTRY_ID.fullmatch(entry_id):
        return None
    try:
        return LogEntry.get(captain, entry_id, consistent_read=True)
    except LogEntry.DoesNotExist:
        return None


def entry_page(*, captain: str, older: str | None = None, newer: str | None = None) -> LogPage:
    """One page of the log, newest first, from the ``older`` or ``newer`` cursor (one at most)."""
    older_than, newer_than = (
        cursor_load(cursor, scope=CURSOR_SCOPE, viewer=captain, valid=_is_entry_id)
        for cursor in (older, newer)
    )
    size = settings.CAPTAINS_LOG_PAGE_SIZE
    if newer_than:
        found = _query(captain, LogEntry.entry_id > newer_than, forward=True, limit=size + 1)
        entries = list(reversed(found[:size]))
        newest = entries[0].entry_id if len(found) > size else None
        oldest = entries[-1].entry_id if entries else newer_than
    else:
        condition = LogEntry.entry_id < older_than if older_than else None
        found = _query(captain, condition, forward=False, limit=size + 1)
        entries = found[:size]
        oldest = entries[-1].entry_id if len(found) > size else None
        newest = entries[0].entry_id if older_than and entries else older_than
    # The next cursors: older pages start below ``oldest``, newer ones above ``newest``.
    return LogPage(
        entries,
        older=cursor_dump(oldest, scope=CURSOR_SCOPE, viewer=captain),
        newer=cursor_dump(newest, scope=CURSOR_SCOPE, viewer=captain),
    )


def _query(captain: str, condition, *, forward: bool, limit: int) -> list[LogEntry]:
    query = LogEntry.query(
        captain,
        range_key_condition=condition,
        scan_index_forward=forward,
        limit=limit,
        consistent_read=True,
    )
    return list(query)


def _is_entry_id(value) -> bool:
    return isinstance(value, str) and ENTRY_ID.fullmatch(value) is not None
