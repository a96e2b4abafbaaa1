"""The todos table's keys and ids (see the table of keys in apps/todos/models.py)."""

import hashlib
import re

from apps.core.dynamodb.ids import time_sorted_id

ID = re.compile(r"[0-9a-f]{19}")


def new_id() -> str:
    """A new id: 11 hex digits of milliseconds, then 8 random ones."""
    return time_sorted_id(11)


def user_pk(user: str) -> str:
    return f"U#{user}"


def list_sk(list_id: str) -> str:
    return f"L#{list_id}"


def todo_sk(todo_id: str) -> str:
    return f"T#{todo_id}"


def tombstone_sk(todo_id: str) -> str:
    return f"X#{todo_id}"


def device_sk(device_id: str) -> str:
    return f"D#{device_id}"


def token_pk(token: str) -> str:
    return f"K#{token_hash(token)}"


TOKEN_SK = "K"  # noqa: S105 (a sort key)


def token_hash(token: str) -> str:
    """Tokens are 256 random bits: a fast hash is as safe as a slow one for them."""
    return hashlib.sha256(token.encode()).hexdigest()


def changed_key(ms: int, todo_id: str) -> str:
    return f"{ms:013d}#{todo_id}"
