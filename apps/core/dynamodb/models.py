"""The PynamoDB model base every table of the site uses, and the table registry.

A model declares its table by a logical name::

    class Link(TableModel):
        class Meta:
            logical_name = "links"

When the class is created (which is when PynamoDB reads ``Meta``), the base
sets the real table name (``DYNAMODB_TABLE_PREFIX`` + logical name), endpoint,
region, on-demand billing and Lambda-sized timeouts from settings, and records
the model in the registry that ``manage.py dynamodb_tables`` works from.

All models share one PynamoDB ``Connection`` and so one botocore client
(apps/core/dynamodb/connection.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pynamodb.attributes import Attribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.connection import Connection, TableConnection
from pynamodb.constants import NULL, PAY_PER_REQUEST_BILLING_MODE
from pynamodb.exceptions import TableError
from pynamodb.models import Model

from apps.core.dynamodb.connection import shared_connection
from apps.core.dynamodb.storable import raw_item_scrubbed

_registry: dict[str, type[TableModel]] = {}


class TableModel(Model):
    """Base of every PynamoDB model that owns a table of this site."""

    # The nonce of the last conditional write (apps/core/dynamodb/writes.py): when a
    # write's answer was lost and its retry is refused, it tells "our write
    # committed" from "someone else's item".
    write_token = UnicodeAttribute(null=True)

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        meta = cls.__dict__.get("Meta")
        if meta is None or not hasattr(meta, "logical_name"):
            raise ImproperlyConfigured(f"{cls.__name__}.Meta must set logical_name.")
        _configure_meta(meta)
        _register(meta.logical_name, cls)

    @classmethod
    def _instantiate(cls, attribute_values: dict):
        """An item read by GetItem, Query or BatchGetItem.

        PynamoDB's own runs ``__init__`` (every default, every attribute's
        setter) and then deserializes over it, setting the defaults a second
        time; a page of 50 items paid that twice over.
        """
        instance = cls.__new__(cls)
        instance._container_deserialize(attribute_values)
        return instance

    def _container_deserialize(self, attribute_values: dict) -> None:
        """Set the attributes DynamoDB sent (a read, or an update's new values): PynamoDB's
        own, faster, and with each lone surrogate stored before the door refused it
        replaced by U+FFFD, so no page fails to encode it.

        It goes through the item's own attributes (not every attribute of the
        model), stores each plain attribute's value directly, as the attribute's
        setter would, calls ``deserialize`` only where it does more than return
        the value (not for text), and reads dates with ``_utc_moment``. ASCII
        text (nearly all of it) cannot hold a surrogate and is not scrubbed.
        tests/core/test_dynamodb_reads.py holds it equal to PynamoDB's own for
        every attribute type the site uses.
        """
        self.attribute_values = {}
        self._set_discriminator()
        plan = type(self).__dict__.get("_read_plan") or _read_plan_build(type(self))
        for name, default in plan.defaults:
            value = default() if callable(default) else default
            if value is not None:
                setattr(self, name, value)
        values = self.attribute_values
        for stored_name, raw in attribute_values.items():
            read = plan.attributes.get(stored_name)
            if read is None or not raw or NULL in raw:  # not the model's (ignored), or null
                continue
            value = raw[read.kind] if read.kind in raw else read.attribute.get_value(raw)
            if not (type(value) is str and value.isascii()):
                value = raw_item_scrubbed(value)
            if read.deserialize is not None:
                value = read.deserialize(value)
            if read.direct:
                values[read.name] = value
            else:
                setattr(self, read.name, value)

    @classmethod
    def _get_connection(cls) -> TableConnection:
        table = super()._get_connection()
        shared = shared_connection()
        if table.connection is not shared:
            _add_table(shared, table)
            table.connection = shared
        return table


@dataclass(frozen=True)
class _AttributeRead:
    """How ``TableModel._container_deserialize`` reads one attribute of an item."""

    name: str  # the Python name
    kind: str  # DynamoDB's type ("S", "N", "BOOL"...), the key of the value in the item
    attribute: Attribute
    deserialize: Callable | None  # None where the attribute's deserialize returns the value
    direct: bool  # whether PynamoDB's plain setter applies (not a VersionAttribute's cast)


@dataclass(frozen=True)
class _ReadPlan:
    """How ``TableModel._container_deserialize`` fills in a model's attributes, worked out once."""

    defaults: tuple[tuple[str, object], ...]
    attributes: dict[str, _AttributeRead]  # by the name the item stores


def _read_plan_build(model: type[TableModel]) -> _ReadPlan:
    attributes = model.get_attributes()
    plan = _ReadPlan(
        defaults=tuple(
            (name, attribute.default)
            for name, attribute in attributes.items()
            if attribute.default is not None
        ),
        attributes={
            attribute.attr_name: _AttributeRead(
                name=name,
                kind=attribute.attr_type,
                attribute=attribute,
                deserialize=_deserializer(attribute),
                direct=type(attribute).__set__ is Attribute.__set__,
            )
            for name, attribute in attributes.items()
        },
    )
    model._read_plan = plan
    return plan


def _deserializer(attribute: Attribute) -> Callable | None:
    if type(attribute).deserialize is Attribute.deserialize:
        return None  # it returns the value
    if type(attribute) is UTCDateTimeAttribute:
        return _utc_moment
    return attribute.deserialize


_MOMENT = UTCDateTimeAttribute()


def _utc_moment(text: str) -> datetime:
    """A UTCDateTimeAttribute's value, as PynamoDB reads it: the text PynamoDB writes
    ("2026-12-07T20:57:33.955712+0000", the shape its own parser checks) by
    ``fromisoformat``, a tenth of the time; any other text by PynamoDB."""
    if (
        len(text) == 31
        and text[4] == text[7] == "-"
        and text[10] == "T"
        and text[13] == text[16] == ":"
        and text[19] == "."
        and text.endswith("+0000")
    ):
        try:
            return datetime.fromisoformat(text)  # ASCII digits only, else ValueError
        except ValueError:
            pass
    return _MOMENT.deserialize(text)


def _configure_meta(meta: type) -> None:
    meta.table_name = settings.DYNAMODB_TABLE_PREFIX + meta.logical_name
    meta.host = settings.DYNAMODB_ENDPOINT_URL or None
    meta.region = settings.AWS_REGION
    meta.billing_mode = PAY_PER_REQUEST_BILLING_MODE
    meta.connect_timeout_seconds = settings.DYNAMODB_CONNECT_TIMEOUT
    meta.read_timeout_seconds = settings.DYNAMODB_READ_TIMEOUT
    meta.max_retry_attempts = settings.DYNAMODB_MAX_RETRIES


def _register(logical_name: str, model: type[TableModel]) -> None:
    registered = _registry.get(logical_name)
    if registered is not None and registered.__qualname__ != model.__qualname__:
        raise ImproperlyConfigured(
            f"Table '{logical_name}' is claimed by both {registered.__name__} and {model.__name__}."
        )
    _registry[logical_name] = model


def _add_table(connection: Connection, table: TableConnection) -> None:
    try:
        connection.get_meta_table(table.table_name)
    except TableError:
        connection.add_meta_table(table.get_meta_table())


def table_models() -> list[type[TableModel]]:
    """Every registered table model, ordered by logical name."""
    return [_registry[name] for name in sorted(_registry)]
