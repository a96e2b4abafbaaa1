"""A database backend that fails loudly on any use: proof that a page made no ORM query.

``orm_forbidden()`` puts it in place of the ``default`` connection for a block.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper

ORM_QUERY = "An ORM query was attempted: this site has no relational database."


class OrmQueryAttempted(AssertionError):
    pass


class LoudDatabaseWrapper(SQLiteWrapper):
    """SQLite's SQL compiler (so a query gets as far as running), no connection ever."""

    def _refuse(self, *args, **kwargs):
        raise OrmQueryAttempted(ORM_QUERY)

    ensure_connection = connect = get_new_connection = cursor = _cursor = _refuse


@contextlib.contextmanager
def orm_forbidden() -> Iterator[None]:
    previous = connections["default"]
    settings = {**connections.settings["default"], "ENGINE": __name__, "NAME": ":memory:"}
    connections["default"] = LoudDatabaseWrapper(settings, "default")
    try:
        yield
    finally:
        connections["default"] = previous
