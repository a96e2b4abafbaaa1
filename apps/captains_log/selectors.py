"""Reading a captain's own log. Only the signed-in captain's key is ever queried."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from apps.captains_log.models import ENTRY_ID, LogEntry


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


def entry_page(
    *, captain: str, older_than: str | None = None, newer_than: str | None = None
) -> LogPage:
    """One page of the log, newest first; at most one cursor may be given."""
    size = settings.CAPTAINS_LOG_PAGE_SIZE
    if newer_than:
        found = _query(captain, LogEntry.entry_id > newer_than, forward=True, limit=size + 1)
        entries = list(reversed(found[:size]))
        newer = entries[0].entry_id if len(found) > size else None
        older = entries[-1].entry_id if entries else newer_than
        return LogPage(entries, older=older, newer=newer)
    condition = LogEntry.entry_id < older_than if older_than else None
    found = _query(captain, condition, forward=False, limit=size + 1)
    entries = found[:size]
    older = entries[-1].entry_id if len(found) > size else None
    newer = entries[0].entry_id if older_than and entries else older_than
    return LogPage(entries, older=older, newer=newer)


def _query(captain: str, condition, *, forward: bool, limit: int) -> list[LogEntry]:
    query = LogEntry.query(
        captain,
        range_key_condition=condition,
        scan_index_forward=forward,
        limit=limit,
        consistent_read=True,
    )
    return list(query)


def is_entry_id(value: str) -> bool:
    return ENTRY_ID.fullmatch(value) is not None
