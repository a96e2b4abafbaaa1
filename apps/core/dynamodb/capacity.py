"""What each DynamoDB call of a request consumed, added up in the request's scope.

Every call that can asks DynamoDB for its ``ConsumedCapacity`` (a hook here: the
site's connection leaves out PynamoDB's own asking, apps/core/dynamodb/connection.py);
another hook adds the call and its units to the request's scope
(apps/core/dynamodb/deadline.py), which the request's log line reports
(apps/core/http/request_log.py).
"""

from __future__ import annotations

from apps.core.dynamodb.deadline import current_scope

READ_OPERATIONS = frozenset({"GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"})
# The operations that accept ReturnConsumedCapacity.
MEASURED_OPERATIONS = READ_OPERATIONS | {
    "PutItem",
    "UpdateItem",
    "DeleteItem",
    "BatchWriteItem",
    "TransactWriteItems",
}


def capacity_requested(params: dict, model, **kwargs) -> None:
    """botocore hook: ask DynamoDB to report what each call consumed."""
    if model.name in MEASURED_OPERATIONS:
        params.setdefault("ReturnConsumedCapacity", "TOTAL")


def capacity_counted(parsed: dict, model, **kwargs) -> None:
    """botocore hook: add a call and what it consumed to the request's scope."""
    scope = current_scope()
    if scope is None:
        return
    scope.calls += 1
    consumed = parsed.get("ConsumedCapacity") or []
    units = sum(
        item.get("CapacityUnits", 0.0)
        for item in (consumed if isinstance(consumed, list) else [consumed])
    )
    if model.name in READ_OPERATIONS:
        scope.read_units += units
    else:
        scope.write_units += units


def install(events) -> None:
    events.register(
        "before-parameter-build.dynamodb", capacity_requested, unique_id="site-capacity-ask"
    )
    events.register("after-call.dynamodb", capacity_counted, unique_id="site-capacity-count")
