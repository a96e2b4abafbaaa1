"""The test run's own DynamoDB Local: in memory, on a free port, stopped at the end."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from apps.core.dynamodb import local as dynamodb_local

PROJECT_DIR = Path(__file__).resolve().parents[2]
LOCAL_HOME = PROJECT_DIR / ".dynamodb"


@dataclass
class LocalDynamoDB:
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        dynamodb_local.stop(self.process)


def start_local_dynamodb(
    data_dir: Path | None = None, port: int | None = None, timeout: float = 90.0
) -> LocalDynamoDB:
    """Start a DynamoDB Local: in memory, or on disk under ``data_dir``."""
    dist = dynamodb_local.install(LOCAL_HOME)
    port = port or dynamodb_local.free_port()
    return LocalDynamoDB(port, dynamodb_local.start(dist, port, data_dir, timeout=timeout))


def tables_create() -> None:
    from pynamodb.exceptions import TableError

    from apps.core.dynamodb.models import table_models
    from apps.core.dynamodb.tables import table_create

    for model in table_models():
        try:
            table_create(model)
        except TableError as error:
            # On a busy machine the first CreateTable can answer after the read
            # timeout; botocore's retry then finds the table the first attempt
            # made. Completing the existing table (TTL, indexes) is all that is left.
            if error.cause_response_code != "ResourceInUseException":
                raise
            table_create(model)


# Tables written since they were last emptied, by their DynamoDB names. Most
# tests write to two or three of the site's tables, and scanning all of them
# after every test cost a quarter of a second on a loaded machine.
_written: set[str] = set()
_everything_written = True  # until the first clean: tables may hold an earlier run's items

WRITE_OPERATIONS = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}


def writes_track(events) -> None:
    """Note the table of every write the site's client makes (botocore's event hooks)."""
    events.register("before-parameter-build.dynamodb", _note_write, unique_id="tests-writes")


def _note_write(params, model, **kwargs) -> None:
    if model.name not in WRITE_OPERATIONS:
        return
    if "TableName" in params:
        _written.add(params["TableName"])
    _written.update(params.get("RequestItems", {}))
    for action in params.get("TransactItems", ()):
        _written.update(part["TableName"] for part in action.values())


def tables_written_elsewhere() -> None:
    """Another process wrote to the tables (through the proxy): empty them all next time."""
    global _everything_written
    _everything_written = True


def tables_empty() -> None:
    """Delete every item of every table written since the last time (cheaper than re-creating)."""
    global _everything_written
    from apps.core.dynamodb.models import table_models

    for model in table_models():
        if _everything_written or model.Meta.table_name in _written:
            _table_empty(model)
    _written.clear()
    _everything_written = False


def _table_empty(model) -> None:
    from apps.core.dynamodb.writes import items_delete_batch

    keys = [a.attr_name for a in model.get_attributes().values() if a.is_hash_key or a.is_range_key]
    items_delete_batch(model.scan(attributes_to_get=keys))


def item_count(model) -> int:
    """How many items the table holds, by scanning it.

    Not ``Model.count()``: without a key that reads DescribeTable's ItemCount,
    which DynamoDB refreshes only every few hours.
    """
    return sum(1 for _ in model.scan())


def ttl_set(enabled: bool) -> None:
    """Switch DynamoDB Local's TTL deletion on or off for every table that has a TTL."""
    from apps.core.dynamodb.models import table_models

    for model in table_models():
        attribute = model._ttl_attribute()
        if attribute is None:
            continue
        model._get_connection().connection.client.update_time_to_live(
            TableName=model.Meta.table_name,
            TimeToLiveSpecification={"Enabled": enabled, "AttributeName": attribute.attr_name},
        )
