"""Which AWS actions the site needs while it serves requests, recorded across the test run.

A botocore ``before-call`` hook on the site's DynamoDB client notes every
operation sent while a request is being served (between Django's
``request_started`` and ``request_finished`` on the same thread), as the IAM
actions it needs: a ``TransactWriteItems`` needs the item-level action of each
of its items (``PutItem``, ``UpdateItem``, ``DeleteItem``,
``ConditionCheckItem``), a ``TransactGetItems`` needs ``GetItem``. Calls made
by fixtures, table set-up and management commands are not requests and are
left out.

At the end of the run the actions go to ``.build/aws-actions.json``;
``make test`` then has ``deploy/lambda_policy.py --check`` compare them with
the Lambda role's policy.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from django.core.signals import request_finished, request_started

PROJECT_DIR = Path(__file__).resolve().parents[2]
RECORD = PROJECT_DIR / ".build" / "aws-actions.json"

TRANSACT_ITEM_ACTIONS = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
    "Get": "GetItem",
}


class ActionRecorder:
    def __init__(self) -> None:
        self.actions: set[str] = set()
        self._serving = threading.local()
        self._lock = threading.Lock()

    def install(self) -> None:
        from apps.core.dynamodb import shared_connection

        request_started.connect(self._started, weak=False)
        request_finished.connect(self._finished, weak=False)
        events = shared_connection().client.meta.events
        events.register("before-call.dynamodb", self._called, unique_id="aws-action-recorder")

    def _started(self, **kwargs) -> None:
        self._serving.depth = getattr(self._serving, "depth", 0) + 1

    def _finished(self, **kwargs) -> None:
        self._serving.depth = max(getattr(self._serving, "depth", 0) - 1, 0)

    def _called(self, model, params, **kwargs) -> None:
        if getattr(self._serving, "depth", 0):
            with self._lock:
                self.actions.update(iam_actions(model.name, params))

    def write(self) -> None:
        RECORD.parent.mkdir(exist_ok=True)
        RECORD.write_text(json.dumps(sorted(self.actions), indent=1) + "\n")


def iam_actions(operation: str, params: dict) -> set[str]:
    """The IAM actions one DynamoDB call needs."""
    if operation in ("TransactWriteItems", "TransactGetItems"):
        return {
            f"dynamodb:{TRANSACT_ITEM_ACTIONS[kind]}"
            for item in params.get("TransactItems", [])
            for kind in item
        }
    return {f"dynamodb:{operation}"}
