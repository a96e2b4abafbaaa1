"""Reading lists, todos, devices and tokens. Every read is under the caller's own key.

``user`` is always the signed-in user's (or the token's) username key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from apps.core.dynamodb.cursors import BadCursor, cursor_dump, cursor_load, is_dynamodb_key
from apps.core.dynamodb.ids import now_ms
from apps.todos.keys import (
    ID,
    TOKEN_MAX_LENGTH,
    TOKEN_SK,
    changed_key,
    device_sk,
    list_sk,
    todo_sk,
    token_hash_pk,
    token_pk,
    user_pk,
)
from apps.todos.models import TODO, Record

BAD_SINCE = "The sync token is not one this server gave out: resync in full."
SYNC_EXPIRED = "The sync token is older than the kept deletions: resync in full."
SINCE_SCOPE = "todos.since"


class BadSince(ValueError):
    pass


class SyncExpired(Exception):
    pass


@dataclass
class TodoPage:
    todos: list[Record]
    deleted: list[str] = field(default_factory=list)
    cursor: str | None = None  # for the next page
    sync: str | None = None  # on the last page: the token for the next ?since=


def list_get(*, user: str, list_id: str) -> Record | None:
    return _get(user_pk(user), list_sk(list_id)) if ID.fullmatch(list_id) else None


def lists_of(*, user: str) -> list[Record]:
    query = Record.query(
        user_pk(user), Record.SK.startswith(list_sk.start), consistent_read=True, page_size=100
    )
    return sorted(query, key=lambda record: (record.created, record.SK))


def todo_get(*, user: str, todo_id: str) -> Record | None:
    return _get(user_pk(user), todo_sk(todo_id)) if ID.fullmatch(todo_id) else None


def todos_of_list(*, user: str, list_id: str) -> list[Record]:
    """Every todo of a list, in the user's order (todos without an order last)."""
    query = Record.by_list.query(
        user_pk(user),
        Record.list_key.startswith(f"{list_id}#"),
        consistent_read=True,
        page_size=500,
    )
    return sorted(query, key=todo_sort_key)


def todo_sort_key(todo: Record) -> tuple:
    return (todo.order is None, todo.order or 0, todo.SK)


def todo_page(
    *, user: str, list_id: str | None, cursor: str | None, since: str | None, limit: int
) -> TodoPage:
    """One page of todos (or of changes since a sync token): one Query, whatever the page.

    A cursor is the user's, for this very query (the list, or the changes); else BadCursor.
    """
    scope = "todos.changes" if since is not None else f"todos.list:{list_id or ''}"
    position = cursor_load(cursor, scope=scope, viewer=user, valid=_is_position)
    position = position or {"t": now_ms()}
    started = position["t"]
    if since is not None:
        query = _changes_query(user, since_load(user, since), position.get("k"), limit)
    else:
        query = _todos_query(user, list_id, position.get("k"), limit)
    found = list(query)
    last = query.last_evaluated_key if len(found) == limit else None
    next_position = {"k": last, "t": started} if last else None
    page = TodoPage(todos=[], cursor=cursor_dump(next_position, scope=scope, viewer=user))
    for record in found:
        if list_id is None or record.list_id == list_id:
            (page.todos if record.kind == TODO else page.deleted).append(record)
    page.deleted = [record.item_id for record in page.deleted]
    if page.cursor is None:
        page.sync = since_dump(user, started)
    return page


def _todos_query(user: str, list_id: str | None, start: dict | None, limit: int):
    common = {"consistent_read": True, "limit": limit, "page_size": limit}
    if list_id is None:
        condition = Record.SK.startswith(todo_sk.start)
        return Record.query(user_pk(user), condition, last_evaluated_key=start, **common)
    condition = Record.list_key.startswith(f"{list_id}#")
    return Record.by_list.query(user_pk(user), condition, last_evaluated_key=start, **common)


def _changes_query(user: str, since_ms: int, start: dict | None, limit: int):
    # Reading back TODOS_SYNC_OVERLAP catches a write stamped before the token
    # was made that committed after: a device may get a change twice, never miss one.
    overlap_ms = int(1000 * settings.TODOS_SYNC_OVERLAP)
    return Record.by_change.query(
        user_pk(user),
        Record.changed >= changed_key(max(0, since_ms - overlap_ms), ""),
        consistent_read=True,
        limit=limit,
        page_size=limit,
        last_evaluated_key=start,
    )


def _is_position(value) -> bool:
    """A page's position: the key to resume from and when the first page was read."""
    return isinstance(value, dict) and is_dynamodb_key(value.get("k")) and _is_ms(value.get("t"))


def _is_ms(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def since_dump(user: str, ms: int) -> str:
    """A sync token: a position in the user's changes, signed like a page cursor."""
    return cursor_dump(ms, scope=SINCE_SCOPE, viewer=user)


def since_load(user: str, token: str) -> int:
    """The server time a sync token stands for; SyncExpired when older than the tombstones."""
    try:
        ms = cursor_load(token, scope=SINCE_SCOPE, viewer=user, valid=_is_ms)
    except BadCursor as error:
        raise BadSince(BAD_SINCE) from error
    if ms is None:
        raise BadSince(BAD_SINCE)
    if ms < now_ms() - 1000 * settings.TODOS_TOMBSTONE_SECONDS:
        raise SyncExpired(SYNC_EXPIRED)
    return ms


def devices_of(*, user: str) -> list[tuple[Record, Record | None]]:
    """The user's devices, newest first, each with its token item (for the last use)."""
    query = Record.query(
        user_pk(user), Record.SK.startswith(device_sk.start), consistent_read=True, page_size=100
    )
    devices = sorted(query, key=lambda device: device.SK, reverse=True)
    keys = [(token_hash_pk(device.token_hash), TOKEN_SK) for device in devices]
    tokens = {token.PK: token for token in Record.batch_get(keys)} if keys else {}
    return [(device, tokens.get(token_hash_pk(device.token_hash))) for device in devices]


def device_get(*, user: str, device_id: str) -> Record | None:
    return _get(user_pk(user), device_sk(device_id)) if ID.fullmatch(device_id) else None


def token_find(token: str) -> Record | None:
    """The token item of a device token, or None (unknown, revoked or malformed)."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    return _get(token_pk(token), TOKEN_SK)


def _get(pk: str, sk: str) -> Record | None:
    try:
        return Record.get(pk, sk, consistent_read=True)
    except Record.DoesNotExist:
        return None
