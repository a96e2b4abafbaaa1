"""API keys: named, scoped, revocable keys for the JSON API, kept hashed.

A key is ``key_`` and 43 random URL-safe characters (256 bits), shown once;
only its SHA-256 is kept (a fast hash is as safe as a slow one for 256 random
bits), as the claim ``apikey#<hash>`` (apps/accounts/records.py) with its
name, scopes, creation and last use, and in its owner's ``api_keys``. The
scopes a key may hold are what the apps offer (``api_key_scopes``). The
door that checks a request's key is apps/accounts/key_door.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from pynamodb.expressions.condition import size

from apps.accounts.records import UniqueClaim, UserRecord
from apps.accounts.selectors import user_record_get
from apps.core.apps import site_app_configs
from apps.core.dynamodb.writes import (
    ConditionFailed,
    Transaction,
    TransactionRefused,
    item_update,
    transaction_commit,
)

PREFIX = "key_"
KEY_LENGTH = len(PREFIX) + 43
KEYS_MAX = 10  # keys an account may hold at once
NAME_MAX_LENGTH = 60
TOO_MANY = f"You have {KEYS_MAX} API keys, as many as an account may hold: revoke one first."
GONE = "That API key was revoked already."


class ApiKeyError(Exception):
    """A key that cannot be made or revoked; the message is fit to show to the user."""


@dataclass(frozen=True)
class ApiKey:
    key_id: str  # the first 12 hex digits of its hash: what pages and URLs name it by
    name: str
    scopes: frozenset[str]
    created: datetime
    last_used: datetime | None


def key_scopes() -> list[tuple[str, str]]:
    """Every scope the apps offer, with what it allows, in app order."""
    return [scope for config in site_app_configs() for scope in config.api_key_scopes]


def api_key_create(*, user: str, name: str, scopes: set[str]) -> tuple[ApiKey, str]:
    """Make a key for ``user`` (a username key): (the key, its secret, shown once)."""
    secret = PREFIX + secrets.token_urlsafe(32)
    digest = _hash(secret)
    claim = UniqueClaim(
        claim=_claim(digest), owner=user, name=name, scopes=set(scopes), created=timezone.now()
    )
    record = user_record_get(username=user)
    transaction = Transaction()
    transaction.create(claim)
    transaction.update(
        record,
        [UserRecord.api_keys.add({digest})],
        condition=UserRecord.api_keys.does_not_exist() | (size(UserRecord.api_keys) < KEYS_MAX),
        check_version=False,
    )
    try:
        transaction_commit(transaction)
    except TransactionRefused as error:
        raise ApiKeyError(TOO_MANY) from error
    return _key(claim), secret


def api_keys_of(*, user: str) -> list[ApiKey]:
    """The account's keys, newest first: its record, then one BatchGetItem."""
    record = user_record_get(username=user)
    digests = sorted(record.api_keys or ()) if record else []
    found = UniqueClaim.batch_get([_claim(digest) for digest in digests])
    keys = [_key(claim) for claim in found if claim.owner == user]
    return sorted(keys, key=lambda key: key.created, reverse=True)


def api_key_revoke(*, user: str, key_id: str) -> None:
    """Revoke one of the account's keys at once; ApiKeyError if it has no such key."""
    record = user_record_get(username=user)
    digest = next((d for d in record.api_keys or () if d[:12] == key_id), None) if record else None
    if digest is None:
        raise ApiKeyError(GONE)
    transaction = Transaction()
    transaction.delete(UniqueClaim(_claim(digest)), condition=UniqueClaim.owner == user)
    transaction.update(record, [UserRecord.api_keys.delete({digest})], check_version=False)
    try:
        transaction_commit(transaction)
    except TransactionRefused as error:
        raise ApiKeyError(GONE) from error


def api_keys_revoke_all(user) -> None:
    """Account deletion, before the account closes: every key of it stops working."""
    record = user_record_get(username=user.username)
    for digest in (record.api_keys or ()) if record else ():
        with contextlib.suppress(ApiKeyError):
            api_key_revoke(user=record.username_key, key_id=digest[:12])


def api_key_find(secret: str) -> UniqueClaim | None:
    """The claim of a key, or None (unknown, revoked or malformed): one consistent GetItem."""
    if not secret.startswith(PREFIX) or len(secret) != KEY_LENGTH:
        return None
    try:
        return UniqueClaim.get(_claim(_hash(secret)), consistent_read=True)
    except UniqueClaim.DoesNotExist:
        return None


def api_key_touch(claim: UniqueClaim) -> None:
    """Note the key's last use, at most once per TODOS_LAST_USE_SECONDS (a write costs)."""
    now = timezone.now()
    interval = timedelta(seconds=settings.TODOS_LAST_USE_SECONDS)
    if claim.last_used is not None and now - claim.last_used < interval:
        return
    with contextlib.suppress(ConditionFailed):  # revoked meanwhile: nothing to note
        item_update(claim, [UniqueClaim.last_used.set(now)], check_version=False)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _claim(digest: str) -> str:
    return f"apikey#{digest}"


def _key(claim: UniqueClaim) -> ApiKey:
    digest = claim.claim.removeprefix("apikey#")
    scopes = frozenset(claim.scopes or ())
    return ApiKey(digest[:12], claim.name, scopes, claim.created, claim.last_used)
