"""Django's cache framework on a DynamoDB table.

Lambda containers share no memory, so counters and rate limits must live in
a shared store: every operation here is one DynamoDB request against the
``cache`` table (apps.core.models.CacheEntry). ``add`` is a conditional put
and ``incr`` an atomic ADD, so concurrent containers never lose a count.
Reads are strongly consistent: a rate limit must see the last increment.
"""

from __future__ import annotations

import hashlib
import math
import pickle
import time
from datetime import UTC, datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

from apps.core.dynamodb.storable import KEY_MAX_BYTES, text_storable
from apps.core.dynamodb.writes import (
    ConditionFailed,
    item_create,
    item_delete,
    item_put,
    item_replace,
    item_update,
    items_delete_batch,
    items_put_batch,
)
from apps.core.models import CacheEntry


class DynamoDBCache(BaseCache):
    def __init__(self, location: str, params: dict) -> None:
        super().__init__(params)

    def make_and_validate_key(self, key, version=None) -> str:
        """Django's key and its warnings; a key DynamoDB cannot hold is stored by its hash."""
        return _table_key(super().make_and_validate_key(key, version=version))

    def get(self, key, default=None, version=None):
        entry = _get_live(self.make_and_validate_key(key, version=version))
        return default if entry is None else _decode(entry)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        key = self.make_and_validate_key(key, version=version)
        item_put(_entry(key, value, self.get_backend_timeout(timeout)))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        entry = _entry(key, value, self.get_backend_timeout(timeout))
        try:
            item_create(entry, reclaim=~_unexpired())
        except ConditionFailed:
            return False
        return True

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return _update_live(key, _expiry_actions(self.get_backend_timeout(timeout))) is not None

    def delete(self, key, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        try:
            item_delete(CacheEntry(key), condition=_live(), check_version=False)
        except ConditionFailed:
            return False
        return True

    def incr(self, key, delta=1, version=None):
        """An atomic ADD for integers; other values as Django's backends do: ``value + delta``."""
        validated = self.make_and_validate_key(key, version=version)
        while True:
            entry = _update_live(
                validated, [CacheEntry.number.add(delta)], CacheEntry.number.exists()
            )
            if entry is not None:
                return int(entry.number)
            entry = _get_live(validated)
            if entry is None:
                raise ValueError(f"Key '{key}' not found")
            if entry.number is None:
                value = _decode(entry) + delta  # a TypeError for text, as in Django
                if _replaced(entry, value):
                    return value

    def get_many(self, keys, version=None) -> dict:
        by_cache_key = {self.make_and_validate_key(key, version=version): key for key in keys}
        found = CacheEntry.batch_get(list(by_cache_key), consistent_read=True)
        return {by_cache_key[e.key]: _decode(e) for e in found if not _expired(e)}

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None) -> list:
        expiry = self.get_backend_timeout(timeout)
        items_put_batch(
            _entry(self.make_and_validate_key(key, version=version), value, expiry)
            for key, value in data.items()
        )
        return []

    def delete_many(self, keys, version=None) -> None:
        items_delete_batch(
            CacheEntry(self.make_and_validate_key(key, version=version)) for key in keys
        )

    def clear(self) -> None:
        items_delete_batch(CacheEntry.scan(attributes_to_get=["key"]))


def _table_key(key: str) -> str:
    """Keys over KEY_MAX_BYTES (DynamoDB takes 2,048) or with lone surrogates go by hash."""
    raw = key.encode("utf-8", "surrogatepass")
    if len(raw) <= KEY_MAX_BYTES and text_storable(key):
        return key
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _unexpired():
    """Condition: no expiry, or one still ahead (``expires`` alone on older entries)."""
    return (
        CacheEntry.expires.does_not_exist()
        | (CacheEntry.expires_at > time.time())
        | (CacheEntry.expires_at.does_not_exist() & (CacheEntry.expires > _now()))
    )


def _live():
    """Condition: the item exists and has not expired."""
    return CacheEntry.key.exists() & _unexpired()


def _ttl(backend_timeout: float | None) -> datetime | None:
    # DynamoDB's TTL takes whole seconds; rounding up never deletes an entry early.
    if backend_timeout is None:
        return None
    return datetime.fromtimestamp(math.ceil(backend_timeout), tz=UTC)


def _expiry_actions(backend_timeout: float | None) -> list:
    if backend_timeout is None:
        return [CacheEntry.expires.remove(), CacheEntry.expires_at.remove()]
    return [
        CacheEntry.expires.set(_ttl(backend_timeout)),
        CacheEntry.expires_at.set(backend_timeout),
    ]


def _entry(key: str, value, backend_timeout: float | None) -> CacheEntry:
    entry = CacheEntry(key, expires=_ttl(backend_timeout), expires_at=backend_timeout)
    if type(value) is int:
        entry.number = value
    else:
        entry.value = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    return entry


def _expired(entry: CacheEntry) -> bool:
    if entry.expires_at is not None:
        return entry.expires_at <= time.time()
    return entry.expires is not None and entry.expires <= _now()


def _get_live(key: str) -> CacheEntry | None:
    try:
        entry = CacheEntry.get(key, consistent_read=True)
    except CacheEntry.DoesNotExist:
        return None
    return None if _expired(entry) else entry


def _replaced(entry: CacheEntry, value) -> bool:
    """Store ``value`` in place of a pickled entry that nobody changed meanwhile.

    The entry keeps its expiry, as ``incr`` does in Django's backends.
    """
    new = _entry(entry.key, value, entry.expires_at)
    new.expires = entry.expires
    try:
        item_replace(new, condition=(CacheEntry.value == entry.value) & _live())
    except ConditionFailed:
        return False
    return True


def _decode(entry: CacheEntry):
    if entry.number is not None:
        return int(entry.number)
    return pickle.loads(entry.value)  # noqa: S301 - only this site writes the cache table


def _update_live(key: str, actions: list, condition=None) -> CacheEntry | None:
    """Apply an update to a live entry; None when it is absent or expired."""
    entry = CacheEntry(key)
    live = _live() if condition is None else _live() & condition
    try:
        item_update(entry, actions, condition=live, check_version=False)
    except ConditionFailed:
        return None
    return entry
