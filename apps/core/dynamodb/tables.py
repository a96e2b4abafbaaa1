"""Create, inspect and delete the tables of the registered models.

Used by ``manage.py dynamodb_tables`` and by the test suite. Creating is
idempotent: an existing table is left alone except that missing global
secondary indexes are added, TTL is switched on, and the stream its model
declares (``Meta.stream_view_type``, e.g. ``"NEW_AND_OLD_IMAGES"``) is
switched on. A stream of another view type is switched off and on again with
the declared one, which gives it a new ARN (the local worker follows it; on
AWS the stage's stack owns the tables). A stream the model does not declare
is left as it is.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from pynamodb.exceptions import TableDoesNotExist, TableError

from apps.core.dynamodb.failures import error_code
from apps.core.dynamodb.models import TableModel

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}


@dataclass
class TableStatus:
    name: str
    exists: bool
    status: str = "MISSING"
    items: int = 0
    indexes: list[str] = field(default_factory=list)
    missing_indexes: list[str] = field(default_factory=list)
    ttl: str = "-"
    stream: str = "-"


def is_local_endpoint() -> bool:
    """True when the tables live in a DynamoDB Local on this machine."""
    endpoint = settings.DYNAMODB_ENDPOINT_URL
    return bool(endpoint) and urlsplit(endpoint).hostname in LOOPBACK_HOSTS


def table_create(model: type[TableModel]) -> list[str]:
    """Create the model's table, or complete an existing one; say what was done."""
    if not model.exists():
        try:
            model.create_table(wait=True)
            return ["created"]
        except TableError as error:
            # Our own CreateTable retried after its answer was lost, or another creator.
            if error_code(error) != "ResourceInUseException":
                raise
            _wait_until_active(model)
    done = [f"added index {name}" for name in _indexes_add_missing(model)]
    if _ttl_attribute_name(model) and _ttl_state(model) != "ENABLED":
        model.update_ttl(ignore_update_ttl_errors=False)
        done.append("enabled TTL")
    if _stream_declared(model) and _stream_state(model) != _stream_declared(model):
        _stream_enable(model)
        done.append(f"enabled stream {_stream_declared(model)}")
    return done or ["exists"]


def _wait_until_active(model: type[TableModel]) -> None:
    while model.describe_table()["TableStatus"] != "ACTIVE":
        time.sleep(0.2)


def table_status(model: type[TableModel]) -> TableStatus:
    name = model.Meta.table_name
    try:
        table = model.describe_table()
    except TableDoesNotExist:
        return TableStatus(name=name, exists=False)
    present = [index["IndexName"] for index in table.get("GlobalSecondaryIndexes", [])]
    return TableStatus(
        name=name,
        exists=True,
        status=table["TableStatus"],
        items=table.get("ItemCount", 0),
        indexes=present,
        missing_indexes=[i for i in _declared_indexes(model) if i not in present],
        ttl=_ttl_state(model) if _ttl_attribute_name(model) else "-",
        stream=_stream_state(model) or "-",
    )


def table_delete(model: type[TableModel]) -> bool:
    """Delete the model's table; False if there was none."""
    if not model.exists():
        return False
    model.delete_table(wait=True)
    return True


def _declared_indexes(model: type[TableModel]) -> list[str]:
    return [index["index_name"] for index in model._get_schema()["global_secondary_indexes"]]


def _indexes_add_missing(model: type[TableModel]) -> list[str]:
    schema = model._get_schema()
    present = {i["IndexName"] for i in model.describe_table().get("GlobalSecondaryIndexes", [])}
    added = []
    for index in schema["global_secondary_indexes"]:
        if index["index_name"] in present:
            continue
        _index_create(model, index, schema["attribute_definitions"])
        added.append(index["index_name"])
    return added


def _index_create(model: type[TableModel], index: dict, attributes: list[dict]) -> None:
    client = model._get_connection().connection.client
    # PynamoDB's schema already spells keys, attributes and projection as the API does.
    client.update_table(
        TableName=model.Meta.table_name,
        AttributeDefinitions=attributes,
        GlobalSecondaryIndexUpdates=[
            {
                "Create": {
                    "IndexName": index["index_name"],
                    # DynamoDB wants the hash key first; PynamoDB keeps declaration order.
                    "KeySchema": sorted(index["key_schema"], key=lambda k: k["KeyType"] != "HASH"),
                    "Projection": index["projection"],
                }
            }
        ],
    )


def _ttl_attribute_name(model: type[TableModel]) -> str | None:
    attribute = model._ttl_attribute()
    return attribute.attr_name if attribute else None


def _ttl_state(model: type[TableModel]) -> str:
    client = model._get_connection().connection.client
    description = client.describe_time_to_live(TableName=model.Meta.table_name)
    return description["TimeToLiveDescription"]["TimeToLiveStatus"]


def _stream_declared(model: type[TableModel]) -> str | None:
    return getattr(model.Meta, "stream_view_type", None)


def _stream_state(model: type[TableModel]) -> str | None:
    """The view type of the table's enabled stream, or None."""
    stream = model.describe_table().get("StreamSpecification") or {}
    return stream.get("StreamViewType") if stream.get("StreamEnabled") else None


def _stream_enable(model: type[TableModel]) -> None:
    client = model._get_connection().connection.client
    name = model.Meta.table_name
    # A table has at most one enabled stream: another view type goes first.
    if _stream_state(model) is not None:
        client.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
        _wait_until_active(model)
    client.update_table(
        TableName=name,
        StreamSpecification={"StreamEnabled": True, "StreamViewType": _stream_declared(model)},
    )
    _wait_until_active(model)
