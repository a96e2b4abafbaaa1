"""Which AWS actions the site needs while it serves requests, recorded across the test run.

A botocore ``before-parameter-build`` hook on the site's DynamoDB client (it
sees the call's parameters; ``before-call`` sees the serialized request, where
``TransactItems`` hides in the body) notes every operation sent while a request
is being served (inside the DynamoDB scope that the site's first middleware
opens for each request, apps/core/dynamodb/deadline.py), as
the IAM actions it needs: a ``TransactWriteItems`` needs the item-level action of each
of its items (``PutItem``, ``UpdateItem``, ``DeleteItem``,
``ConditionCheckItem``), a ``TransactGetItems`` needs ``GetItem``. Calls made
by fixtures, table set-up and management commands are not requests and are
left out.

Calls of the DynamoDB Streams client are noted whoever makes them: the local
stream worker stands in for the event source mapping, which reads the streams
with the function's role on AWS.

At the end of the run the actions go to ``.build/aws-actions.json`` (under
pytest-xdist each worker writes its own file in ``.build/aws-actions/`` and
the controller unites them there); ``make test`` then has
``deploy/lambda_policy.py --check`` compare them with the Lambda role's policy.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
RECORD = PROJECT_DIR / ".build" / "aws-actions.json"
WORKER_RECORDS = PROJECT_DIR / ".build" / "aws-actions"

EVENT = "before-parameter-build.dynamodb"
STREAM_EVENT = "before-parameter-build.dynamodb-streams"
TRANSACT_ITEM_ACTIONS = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
    "Get": "GetItem",
}


class ActionRecorder:
    def __init__(self, unique_id: str = "aws-action-recorder") -> None:
        self.actions: set[str] = set()
        self.unique_id = unique_id
        self._lock = threading.Lock()

    def install(self) -> None:
        self._events().register(EVENT, self._called, unique_id=self.unique_id)
        self._stream_events().register(STREAM_EVENT, self._read, unique_id=self.unique_id)

    def uninstall(self) -> None:
        self._events().unregister(EVENT, unique_id=self.unique_id)
        self._stream_events().unregister(STREAM_EVENT, unique_id=self.unique_id)

    @staticmethod
    def _stream_events():
        from apps.core.background.streams import streams_client

        return streams_client().meta.events

    def _read(self, model, params, **kwargs) -> None:
        """Every Streams call: the local worker reads as the event source mapping does on AWS."""
        with self._lock:
            self.actions.add(f"dynamodb:{model.name}")

    @staticmethod
    def _events():
        from apps.core.dynamodb.connection import shared_connection

        return shared_connection().client.meta.events

    def _called(self, model, params, **kwargs) -> None:
        from apps.core.dynamodb.deadline import current_scope

        if current_scope() is not None:
            with self._lock:
                self.actions.update(iam_actions(model.name, params))

    def write(self, worker: str | None = None) -> None:
        """Into RECORD, or into the worker's own file under pytest-xdist."""
        record = WORKER_RECORDS / f"{worker}.json" if worker else RECORD
        record.parent.mkdir(parents=True, exist_ok=True)
        actions_write(record, self.actions)


def actions_write(record: Path, actions: set[str]) -> None:
    record.write_text(json.dumps(sorted(actions), indent=1) + "\n")


def actions_forget() -> None:
    """Before a run on workers: nothing recorded by an earlier run may count."""
    for record in [RECORD, *WORKER_RECORDS.glob("*.json")]:
        record.unlink(missing_ok=True)


def actions_gather() -> None:
    """After a run on workers: RECORD holds every action any worker recorded."""
    records = sorted(WORKER_RECORDS.glob("*.json"))
    if records:
        actions = {action for record in records for action in json.loads(record.read_text())}
        actions_write(RECORD, actions)


def iam_actions(operation: str, params: dict) -> set[str]:
    """The IAM actions one DynamoDB call needs."""
    if operation in ("TransactWriteItems", "TransactGetItems"):
        return {
            f"dynamodb:{TRANSACT_ITEM_ACTIONS[kind]}"
            for item in params.get("TransactItems", [])
            for kind in item
        }
    return {f"dynamodb:{operation}"}
