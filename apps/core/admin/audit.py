"""The admin's audit log in DynamoDB: who did what to which object, and when.

Every add, change and delete made in the admin writes one AdminAction
(apps/core/models.py). They are read back as Django's own ``LogEntry``
objects, unsaved, so that the admin's templates ("Recent actions" on the
index, an object's "History" page) show them exactly as they would show the
ORM's log.
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model

from apps.core.admin.content_types import content_type_for
from apps.core.dynamodb.writes import item_create
from apps.core.models import AdminAction

RECENT_ACTIONS = 10
HISTORY_LENGTH = 100


def object_ref(model, object_id: str) -> str:
    """The audit log's key of one object: ``<app_label>.<model_name>:<object id>``."""
    return f"{model._meta.label_lower}:{object_id}"


def audit_record(*, user, model, object_id: str, object_repr: str, action: int, message) -> None:
    """Write one admin action; ``message`` is Django's change message (a list or a string)."""
    now = datetime.now(UTC)
    entry = AdminAction(
        object_ref(model, object_id),
        f"{now:%Y-%m-%dT%H:%M:%S.%f}#{secrets.token_hex(4)}",
        user_key=_user_key(user),
        username=user.get_username(),
        action=action,
        object_id=object_id,
        object_repr=object_repr[:200],
        # Stored as LogEntry stores it: Django's JSON list, or a plain string.
        change_message=message if isinstance(message, str) else json.dumps(message),
    )
    item_create(entry)


def audit_recent(user, *, limit: int = RECENT_ACTIONS) -> list[LogEntry]:
    """The user's own latest admin actions, newest first (one Query)."""
    rows = AdminAction.user_index.query(_user_key(user), scan_index_forward=False, limit=limit)
    return [_log_entry(row, user) for row in rows]


def audit_history(model, object_id: str, *, limit: int = HISTORY_LENGTH) -> list[LogEntry]:
    """An object's admin actions, oldest first (one Query), as the History page lists them."""
    rows = AdminAction.query(object_ref(model, object_id), limit=limit, consistent_read=True)
    return [_log_entry(row) for row in rows]


def _log_entry(row: AdminAction, user=None) -> LogEntry:
    app_label, _, rest = row.object_ref.partition(".")
    model_name = rest.partition(":")[0]
    user_model = get_user_model()
    author = user if user is not None else user_model(**{user_model.USERNAME_FIELD: row.username})
    return LogEntry(
        action_time=datetime.fromisoformat(row.at.partition("#")[0]).replace(tzinfo=UTC),
        user=author,
        content_type=content_type_for(app_label, model_name),
        object_id=row.object_id,
        object_repr=row.object_repr,
        action_flag=int(row.action),
        change_message=row.change_message,
    )


def _user_key(user) -> str:
    return user.get_username()
