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

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pynamodb.attributes import UnicodeAttribute
from pynamodb.connection import Connection, TableConnection
from pynamodb.constants import PAY_PER_REQUEST_BILLING_MODE
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

    # Both paths by which PynamoDB turns DynamoDB's answer into attributes: a
    # lone surrogate stored before the door refused it becomes U+FFFD here,
    # so no page fails to encode it.
    @classmethod
    def _instantiate(cls, attribute_values: dict):
        return super()._instantiate(raw_item_scrubbed(attribute_values))

    def _container_deserialize(self, attribute_values: dict) -> None:
        super()._container_deserialize(raw_item_scrubbed(attribute_values))

    @classmethod
    def _get_connection(cls) -> TableConnection:
        table = super()._get_connection()
        shared = shared_connection()
        if table.connection is not shared:
            _add_table(shared, table)
            table.connection = shared
        return table


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
