"""What the apps ask of the background engine: stream handlers and scheduled sweeps.

Each is read from the apps' SiteAppConfig (apps/core/apps.py) in one function here:

- ``stream_handlers``: a dotted path to a mapping (or to a function returning
  one) of logical table name -> handler, a function of one
  ``StreamRecord`` (apps/core/background/records.py). The table's model must
  declare ``Meta.stream_view_type``. Several apps may handle one table.
- ``scheduled_sweeps``: a dotted path to a sequence (or to a function
  returning one) of ``Sweep`` (apps/core/background/sweeps.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

from django.core.exceptions import ImproperlyConfigured

from apps.core.apps import app_hooks
from apps.core.background.records import StreamRecord, logical_table_name, stream_table_name
from apps.core.dynamodb.models import TableModel, table_models

Handler = Callable[[StreamRecord], object]

NO_STREAM = (
    "{handler} handles the table '{table}', whose model declares no stream "
    "(Meta.stream_view_type = 'NEW_AND_OLD_IMAGES')."
)
UNKNOWN_TABLE = "{handler} handles the table '{table}', which no model declares."


class UnknownStream(LookupError):
    """A stream record came from a stream that no handler of this site reads."""


@cache
def stream_handlers() -> dict[str, tuple[Handler, ...]]:
    """Every app's stream handlers, by the logical name of the table they read."""
    models = {model.Meta.logical_name: model for model in table_models()}
    found: dict[str, list[Handler]] = {}
    for declared in app_hooks("stream_handlers"):
        for table, handler in _declared(declared).items():
            _check_stream(models.get(table), table, handler)
            found.setdefault(table, []).append(handler)
    return {table: tuple(handlers) for table, handlers in found.items()}


def scheduled_sweeps() -> list:
    """Every app's scheduled sweeps (``Sweep``, apps/core/background/sweeps.py), in app order."""
    return [sweep for declared in app_hooks("scheduled_sweeps") for sweep in _declared(declared)]


def stream_models() -> list[type[TableModel]]:
    """The models of the tables whose streams some handler reads."""
    handled = stream_handlers()
    return [model for model in table_models() if model.Meta.logical_name in handled]


def handler_name(handler: Handler) -> str:
    return f"{handler.__module__}.{handler.__qualname__}"


def stream_source(stream_arn: str) -> str:
    """The logical name of the table of ``stream_arn``; UnknownStream if no handler reads it."""
    table = logical_table_name(stream_table_name(stream_arn))
    if table is None or table not in stream_handlers():
        raise UnknownStream(f"No handler reads the stream {stream_arn!r}.")
    return table


def stream_model(source: str) -> type[TableModel]:
    return next(model for model in table_models() if model.Meta.logical_name == source)


def stream_record(raw: dict) -> StreamRecord:
    """Wrap a record (in Lambda's shape) for its handlers; UnknownStream if none reads it."""
    source = stream_source(raw["eventSourceARN"])
    return StreamRecord(raw=raw, source=source, model=stream_model(source))


def _declared(declared) -> Iterable:
    return declared() if callable(declared) else declared


def _check_stream(model: type[TableModel] | None, table: str, handler: Handler) -> None:
    name = handler_name(handler)
    if model is None:
        raise ImproperlyConfigured(UNKNOWN_TABLE.format(handler=name, table=table))
    if not getattr(model.Meta, "stream_view_type", None):
        raise ImproperlyConfigured(NO_STREAM.format(handler=name, table=table))
