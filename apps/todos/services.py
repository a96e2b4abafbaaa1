"""Writing lists, todos and devices, all through the write layer (apps/core/dynamodb/writes.py).

Every function takes the owner's username key (``user``) and records loaded
under it by apps/todos/selectors.py, so nothing here can reach another user's
items. A versioned write whose item changed meanwhile raises ``Changed``.
"""

from __future__ import annotations

import contextlib
import secrets
from datetime import UTC, datetime, timedelta

from django.conf import settings

from apps.accounts.selectors import username_key
from apps.core.dynamodb.ids import now_ms
from apps.core.dynamodb.writes import (
    BATCH_WRITE_MAX,
    ConditionFailed,
    Transaction,
    item_create,
    item_delete,
    item_update,
    items_delete_batch,
    items_write_batch,
    transaction_commit,
)
from apps.todos.keys import (
    IDS,
    TOKEN_SK,
    changed_key,
    device_sk,
    list_sk,
    new_id,
    todo_sk,
    token_hash,
    token_hash_pk,
    tombstone_sk,
    user_pk,
)
from apps.todos.models import DEVICE, LIST, TODO, TOKEN, TOMBSTONE, Record
from apps.todos.selectors import lists_of, todos_of_list

INBOX = "Inbox"
INBOX_ID = "0" * IDS.width  # a fixed id, so that two first visits create one Inbox
CHANGED = "It was changed meanwhile (on another device?): reload and try again."
TOKEN_PREFIX = "todo_"  # noqa: S105 (says what the token is for)
TRANSACTION_MAX_DEVICES = 50  # two items each; TransactWriteItems takes 100


class Changed(Exception):
    """The item is no longer the version the caller had (or is gone)."""


def _now() -> datetime:
    return datetime.now(UTC)


def list_create(*, user: str, name: str, list_id: str | None = None) -> Record:
    record = Record(user_pk(user), list_sk(list_id or new_id()), kind=LIST, name=name)
    record.created = _now()
    item_create(record)
    return record


def inbox_ensure(*, user: str, lists: list[Record]) -> list[Record]:
    """A user's lists, with an Inbox made for a user who has none."""
    if lists:
        return lists
    try:
        return [list_create(user=user, name=INBOX, list_id=INBOX_ID)]
    except ConditionFailed:  # another tab made it first
        return lists_of(user=user)


def list_rename(record: Record, *, name: str, check_version: bool = True) -> None:
    _versioned(record, [Record.name.set(name)], check_version)


def list_delete(*, user: str, record: Record, check_version: bool = True) -> None:
    """Delete a list's todos (tombstoned), then the list.

    A list's todos can be more than a transaction holds: they go first, so a
    failure half-way leaves the list with fewer todos, and deleting it again
    finishes the job; never todos without their list.
    """
    todos_delete(user=user, todos=todos_of_list(user=user, list_id=record.item_id))
    try:
        item_delete(record, check_version=check_version)
    except ConditionFailed as error:
        raise Changed(CHANGED) from error


def todo_create(
    *,
    user: str,
    list_id: str,
    title: str,
    notes: str = "",
    due: str | None = None,
    completed: bool = False,
    order: int | None = None,
) -> Record:
    todo_id = new_id()
    todo = Record(user_pk(user), todo_sk(todo_id), kind=TODO, list_id=list_id, title=title)
    todo.list_key = f"{list_id}#{todo_id}"
    todo.notes, todo.due, todo.completed, todo.order = notes or None, due, completed, order
    todo.created = todo.updated_at = _now()
    todo.changed = changed_key(now_ms(), todo_id)
    item_create(todo)
    return todo


def todo_update(todo: Record, changes: dict, *, check_version: bool = True) -> None:
    """Apply ``changes`` (some of EDITABLE) if ``todo`` is still the stored version."""
    actions = [_set(getattr(Record, name), value) for name, value in changes.items()]
    actions += [
        Record.updated_at.set(_now()),
        Record.changed.set(changed_key(now_ms(), todo.item_id)),
    ]
    _versioned(todo, actions, check_version)


def _set(attribute, value):
    return attribute.remove() if value is None or value == "" else attribute.set(value)


def todo_delete(*, user: str, todo: Record, check_version: bool = True) -> None:
    """Delete the todo and leave a tombstone for devices that sync, in one transaction."""
    transaction = Transaction()
    transaction.delete(todo, check_version=check_version)
    transaction.create(_tombstone(user, todo), reclaim=Record.kind == TOMBSTONE)
    try:
        transaction_commit(transaction)
    except ConditionFailed as error:
        raise Changed(CHANGED) from error


def todos_delete(*, user: str, todos: list[Record]) -> None:
    """Delete many todos with their tombstones (clear completed, empty a list).

    BatchWriteItem, unconditional: a todo edited meanwhile is deleted all the
    same, which is what "clear" and "delete all" ask for. Each todo goes in the
    same request as its tombstone.
    """
    for page in _chunks(todos, BATCH_WRITE_MAX // 2):
        items_write_batch(put=[_tombstone(user, todo) for todo in page], delete=page)


def _tombstone(user: str, todo: Record) -> Record:
    tombstone = Record(user_pk(user), tombstone_sk(todo.item_id), kind=TOMBSTONE)
    tombstone.list_id = todo.list_id
    tombstone.changed = changed_key(now_ms(), todo.item_id)
    tombstone.expires = _now() + timedelta(seconds=settings.TODOS_TOMBSTONE_SECONDS)
    return tombstone


def todos_reorder(todos: list[Record]) -> None:
    """Number the todos 1, 2, 3... in the order given (only those whose order changes)."""
    for position, todo in enumerate(todos, start=1):
        if todo.order != position:
            todo_update(todo, {"order": position}, check_version=False)


def _versioned(record: Record, actions: list, check_version: bool) -> None:
    try:
        item_update(record, actions, check_version=check_version)
    except ConditionFailed as error:
        raise Changed(CHANGED) from error


def device_create(*, user: str, name: str, list_id: str | None = None) -> tuple[Record, str]:
    """A device and its API token, in one transaction; the token is returned once, here.

    The device's Todo-Backend address is bound to ``list_id``, or to a new list
    named after the device (made in the same transaction).
    """
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    transaction = Transaction()
    if list_id is None:
        list_id = new_id()
        new_list = Record(user_pk(user), list_sk(list_id), kind=LIST, name=name, created=_now())
        transaction.create(new_list)
    device = Record(user_pk(user), device_sk(new_id()), kind=DEVICE, name=name, list_id=list_id)
    device.token_hash, device.created = token_hash(token), _now()
    key = Record(
        token_hash_pk(device.token_hash), TOKEN_SK, kind=TOKEN, owner=user, list_id=list_id
    )
    key.device_id, key.created = device.item_id, device.created
    transaction.create(device)
    transaction.create(key)
    transaction_commit(transaction)
    return device, token


def devices_revoke(*, devices: list[Record]) -> None:
    """Delete devices and their tokens: the tokens stop working at once."""
    for start in range(0, len(devices), TRANSACTION_MAX_DEVICES):
        transaction = Transaction()
        for device in devices[start : start + TRANSACTION_MAX_DEVICES]:
            transaction.delete(device, check_version=False)
            transaction.delete(
                Record(token_hash_pk(device.token_hash), TOKEN_SK), check_version=False
            )
        transaction_commit(transaction)


def token_touch(token: Record) -> None:
    """Note the token's last use, at most once per TODOS_LAST_USE_SECONDS (a write costs)."""
    now = _now()
    interval = timedelta(seconds=settings.TODOS_LAST_USE_SECONDS)
    if token.last_used is not None and now - token.last_used < interval:
        return
    with contextlib.suppress(ConditionFailed):  # revoked meanwhile: nothing to note
        item_update(token, [Record.last_used.set(now)], check_version=False)


def user_access_revoke(user) -> None:
    """Account deletion, before the account is closed: its device tokens stop working.

    A page of devices at a time: their token items are deleted first (one
    BatchWriteItem, sent before the devices' own), so a failure part-way never
    leaves a token whose device, the only way to find it, is gone.
    """
    devices = Record.query(
        user_pk(username_key(user.username)),
        Record.SK.startswith(device_sk.start),
        consistent_read=True,
        page_size=BATCH_WRITE_MAX,
    )
    for page in _chunks(devices, BATCH_WRITE_MAX):
        items_delete_batch([Record(token_hash_pk(device.token_hash), TOKEN_SK) for device in page])
        items_delete_batch(page)


def user_data_delete(user, limit: int) -> bool:
    """Account deletion: the user's devices and tokens, then up to ``limit`` of their items.

    Every list, todo and tombstone goes: a Query of the user's partition (from
    its start: what an earlier call deleted is gone) and BatchWriteItem of 25
    deletes a request, unconditional: whatever was edited meanwhile goes too.
    True when nothing is left.
    """
    user_access_revoke(user)
    items = list(
        Record.query(
            user_pk(username_key(user.username)),
            consistent_read=True,
            limit=limit,
            page_size=min(limit, BATCH_WRITE_MAX * 4),
        )
    )
    items_delete_batch(items)
    return len(items) < limit


def _chunks(records, size: int):
    page = []
    for record in records:
        page.append(record)
        if len(page) == size:
            yield page
            page = []
    if page:
        yield page
