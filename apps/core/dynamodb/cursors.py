"""The one cursor of every paged list: where its next page starts, signed for one list and viewer.

A selector that reads a page gives out ``cursor_dump(position, scope=..., viewer=...)``
with it and reads the next one from ``cursor_load(cursor, scope=..., viewer=...)``.
The position is whatever the selector needs to resume, usually DynamoDB's
``LastEvaluatedKey`` (the default shape, checked by ``is_dynamodb_key``); a
selector that needs more (a second value, a list of keys) passes ``valid``.

- ``scope`` names the list and everything that makes it that list: ``"billing.year:2026"``,
  an admin changelist with its search and order. A new list needs only this string.
- ``viewer`` is the user whose list it is (their bills, links, todos): a cursor
  made for one is refused for anybody else. ``None`` for lists that everyone
  sees the same (the Dwipper feed, an author's profile).

The cursor is signed with ``SECRET_KEY`` (``django.core.signing``; its
``SECRET_KEY_FALLBACKS`` keep old cursors valid across a key rotation), with the
scope and viewer in the salt: they are not in the cursor, so it stays short, and
a cursor of another list fails its signature exactly as an edited one does. A
cursor that is tampered with, truncated, longer than ``CURSOR_MAX_LENGTH``, of
another list or viewer, or not a cursor at all raises ``BadCursor``, the one
exception every door answers (apps/core/http/paging.py): a page shows the first
page with a message, JSON answers 400 naming the parameter.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from django.core import signing

SALT = "apps.core.cursors"
# Longer than any cursor a list gives out (a changelist's, with its pages for
# "Previous", is the longest), short enough for any URL.
CURSOR_MAX_LENGTH = 4000
# What Signer.sign_object writes: URL-safe base64 ("." first when compressed), ":", the signature.
CURSOR_SHAPE = re.compile(r"\.?[A-Za-z0-9_-]+:[A-Za-z0-9_-]+")
BAD_CURSOR = "This cursor is not valid for this list; start again without it."
DYNAMODB_TYPES = {"S", "N", "B"}  # the types a key attribute can have


class BadCursor(ValueError):
    """A cursor this list did not give out to this viewer (see the module docstring)."""

    def __init__(self, message: str = BAD_CURSOR) -> None:
        super().__init__(message)


class CursorTooLong(ValueError):
    """A position too big for a cursor: the selector must remember less (a programming error)."""


def is_dynamodb_key(value: Any) -> bool:
    """Whether ``value`` has the shape of a ``LastEvaluatedKey``: ``{"name": {"S": "..."}}``."""
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(name, str) and _is_key_value(typed) for name, typed in value.items())
    )


def _is_key_value(typed: Any) -> bool:
    return (
        isinstance(typed, dict)
        and len(typed) == 1
        and all(kind in DYNAMODB_TYPES and isinstance(text, str) for kind, text in typed.items())
    )


def cursor_dump(position: Any, *, scope: str, viewer: str | None = None) -> str | None:
    """The cursor of ``position`` (anything JSON holds) on the list ``scope`` of ``viewer``.

    ``None`` (no position: the list ends here) gives ``None``, no cursor.
    """
    if position is None:
        return None
    cursor = _signer(scope, viewer).sign_object(position, compress=True)
    if len(cursor) > CURSOR_MAX_LENGTH:
        raise CursorTooLong(len(cursor))
    return cursor


def cursor_load(
    cursor: str | None,
    *,
    scope: str,
    viewer: str | None = None,
    valid: Callable[[Any], bool] = is_dynamodb_key,
) -> Any:
    """The position ``cursor`` holds; BadCursor unless this list gave it to this viewer.

    No cursor (``None`` or empty) means the first page: ``None``. ``valid``
    checks the position's shape (a ``LastEvaluatedKey`` by default): a position
    that fails it, say one written by an older version of the selector, is
    refused like any bad cursor.
    """
    if cursor is None or cursor == "":
        return None
    if not isinstance(cursor, str) or len(cursor) > CURSOR_MAX_LENGTH:
        raise BadCursor()
    if not CURSOR_SHAPE.fullmatch(cursor):  # before any work, and never a non-ASCII HMAC input
        raise BadCursor()
    try:
        position = _signer(scope, viewer).unsign_object(cursor)
    except signing.BadSignature as error:
        raise BadCursor() from error
    if not valid(position):
        raise BadCursor()
    return position


def _signer(scope: str, viewer: str | None) -> signing.Signer:
    # JSON keeps ("a:b", "c") and ("a", "b:c") apart, and escapes what UTF-8 cannot encode.
    return signing.Signer(salt=f"{SALT}:{json.dumps([scope, viewer])}")
