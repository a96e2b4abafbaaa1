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

Cursors are signed (``django.core.signing``) and bound to the list they were
made for (model, search, order): a cursor from elsewhere, edited or made up,
is ``BadCursor``. A cursor holds the start keys of the pages before it, so
"Previous" goes back the way "Next" came, for Scans too (which cannot run
backwards).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core import signing
from pynamodb.expressions.condition import Condition

CURSOR_SALT = "core.admin.changelist"
# DynamoDB refuses an empty key or one over 2048 bytes with an error; a search
# that long finds nothing.
KEY_MAX_BYTES = 1024
BAD_CURSOR = (
    "This page link is not valid (it was changed, or made for another list): "
    "showing the first page."
)
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
        if not 0 < len(str(self.hash_key).encode()) <= KEY_MAX_BYTES:
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


class BadCursor(ValueError):
    pass


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


def cursor_encode(position: Position, scope: str) -> str:
    return signing.dumps({"s": scope, "p": position.starts}, salt=CURSOR_SALT, compress=True)


def cursor_decode(cursor: str, scope: str) -> Position:
    try:
        data = signing.loads(cursor, salt=CURSOR_SALT)
    except signing.BadSignature as error:
        raise BadCursor(BAD_CURSOR) from error
    if not isinstance(data, dict) or data.get("s") != scope or not data.get("p"):
        raise BadCursor(BAD_CURSOR)
    return Position(data["p"])
