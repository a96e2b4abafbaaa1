"""One page of a table for an admin changelist: one Scan or Query call, from a cursor.

A changelist never reads a whole table. Each page is one DynamoDB call with
``Limit`` = the page size, resumed from the ``LastEvaluatedKey`` of the page
before; so a page costs the same wherever it is. Sources:

- ``TableScan``: the table in DynamoDB's own order (a paginated Scan). With a
  ``condition`` (a substring search) DynamoDB still reads ``Limit`` items and
  returns those that match, so a page may show fewer rows than it read; the
  changelist says how many items it has searched so far.
- ``KeyQuery``: a Query on the table or an index for one hash key, in key
  order, ascending or descending: the one way DynamoDB sorts.
- ``Found``: items already read by key (a search for an exact key).

A changelist's cursor (``position_dump``, ``position_load``) is the site's one
signed cursor (apps/core/dynamodb/cursors.py), bound to the list it was made
for (model, search, order): a cursor from elsewhere, edited or made up, is
``BadCursor``. It holds the start keys of the pages before it, so "Previous"
goes back the way "Next" came, for Scans too (which cannot run backwards).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pynamodb.expressions.condition import Condition

from apps.core.dynamodb.cursors import CursorTooLong, cursor_dump, cursor_load, is_dynamodb_key
from apps.core.dynamodb.storable import key_findable

# Pages a cursor remembers for "Previous"; deeper, "Previous" skips back to the first page.
CURSOR_DEPTH = 50


@dataclass
class Page:
    items: list
    next_key: dict | None
    scanned: int  # items DynamoDB read for this page (a Scan's ScannedCount)


class TableScan:
    """A paginated Scan of ``model``'s table, optionally filtered by ``condition``."""

    def __init__(self, model, condition: Condition | None = None) -> None:
        self.model, self.condition = model, condition
        self.searching = condition is not None  # the changelist notes how much was searched

    def read(self, start: dict | None, size: int) -> Page:
        return _one_page(
            self.model.scan(
                filter_condition=self.condition, page_size=size, last_evaluated_key=start
            )
        )


class KeyQuery:
    """A Query of one hash key on a table or index, ``forward`` = ascending range keys."""

    searching = False

    def __init__(self, source, hash_key, *, range_key_condition=None, forward: bool = True):
        self.source, self.hash_key = source, hash_key
        self.range_key_condition, self.forward = range_key_condition, forward

    def read(self, start: dict | None, size: int) -> Page:
        if not key_findable(str(self.hash_key)):
            return Page(items=[], next_key=None, scanned=0)  # no item has such a key
        return _one_page(
            self.source.query(
                self.hash_key,
                range_key_condition=self.range_key_condition,
                scan_index_forward=self.forward,
                page_size=size,
                last_evaluated_key=start,
            )
        )


@dataclass
class Found:
    """Items already read by their key: one page, nothing more to read."""

    items: list = field(default_factory=list)
    searching = False

    def read(self, start: dict | None, size: int) -> Page:
        return Page(items=[] if start else self.items[:size], next_key=None, scanned=0)


def _one_page(results) -> Page:
    """Exactly one DynamoDB call: PynamoDB's iterator would keep reading until a limit is met."""
    raw = next(results.page_iter)
    items = [results._map_fn(item) for item in raw.get("Items", [])]
    return Page(items=items, next_key=raw.get("LastEvaluatedKey"), scanned=raw["ScannedCount"])


@dataclass
class Position:
    """Where a changelist page starts: the start keys of every page so far, and the
    number of items read before each (for "searched N")."""

    starts: list = field(default_factory=lambda: [[None, 0]])

    @property
    def start(self) -> dict | None:
        return self.starts[-1][0]

    @property
    def read_before(self) -> int:
        return self.starts[-1][1]

    def next(self, key: dict, read: int) -> Position:
        starts = [*self.starts, [key, self.read_before + read]]
        if len(starts) > CURSOR_DEPTH:
            starts = [starts[0], *starts[-(CURSOR_DEPTH - 1) :]]
        return Position(starts)

    def previous(self) -> Position | None:
        return Position(self.starts[:-1]) if len(self.starts) > 1 else None


def position_dump(position: Position, scope: str) -> str:
    """The cursor of ``position``; when too long for one, "Previous" forgets the middle pages."""
    starts = position.starts
    while True:
        try:
            return cursor_dump(starts, scope=scope)
        except CursorTooLong:
            if len(starts) <= 2:
                raise
            starts = [starts[0], *starts[2:]]


def position_load(cursor: str, scope: str) -> Position:
    """The position a changelist's cursor holds; BadCursor unless it was made for ``scope``."""
    return Position(cursor_load(cursor, scope=scope, valid=_is_starts))


def _is_starts(value) -> bool:
    """A list of [start key or None, items read before], the first page's first."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(_is_start(start) for start in value)
        and value[0][0] is None
    )


def _is_start(start) -> bool:
    return (
        isinstance(start, list)
        and len(start) == 2
        and (start[0] is None or is_dynamodb_key(start[0]))
        and isinstance(start[1], int)
        and start[1] >= 0
    )
