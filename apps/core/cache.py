"""Django's cache framework on a DynamoDB table.

Lambda containers share no memory, so counters and rate limits must live in
a shared store: every operation here is one DynamoDB request against the
``cache`` table (apps.core.models.CacheEntry). ``add`` is a conditional put
and ``incr`` an atomic ADD, so concurrent containers never lose a count.
Reads are strongly consistent: a rate limit must see the last increment.
"""

from __future__ import annotations

import math
import pickle
from datetime import UTC, datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from pynamodb.exceptions import DeleteError, UpdateError

from apps.core.dynamodb import condition_failed
from apps.core.models import CacheEntry
from apps.core.writes import ConditionFailed, item_create


class DynamoDBCache(BaseCache):
    def __init__(self, location: str, params: dict) -> None:
        super().__init__(params)

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        try:
            entry = CacheEntry.get(key, consistent_read=True)
        except CacheEntry.DoesNotExist:
            return default
        return default if _expired(entry) else _decode(entry)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        key = self.make_and_validate_key(key, version=version)
        _entry(key, value, self.get_backend_timeout(timeout)).save()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        entry = _entry(key, value, self.get_backend_timeout(timeout))
        try:
            item_create(entry, reclaim=CacheEntry.expires <= _now())
        except ConditionFailed:
            return False
        return True

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        expiry = _expiry(self.get_backend_timeout(timeout))
        action = CacheEntry.expires.remove() if expiry is None else CacheEntry.expires.set(expiry)
        return _update_live(key, action) is not None

    def delete(self, key, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        try:
            CacheEntry(key).delete(condition=_live())
        except DeleteError as error:
            if condition_failed(error):
                return False
            raise
        return True

    def incr(self, key, delta=1, version=None) -> int:
        validated = self.make_and_validate_key(key, version=version)
        entry = _update_live(validated, CacheEntry.number.add(delta), CacheEntry.number.exists())
        if entry is None:
            raise ValueError(f"Key '{key}' not found")
        return int(entry.number)

    def get_many(self, keys, version=None) -> dict:
        by_cache_key = {self.make_and_validate_key(key, version=version): key for key in keys}
        found = CacheEntry.batch_get(list(by_cache_key), consistent_read=True)
        return {by_cache_key[e.key]: _decode(e) for e in found if not _expired(e)}

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None) -> list:
        expiry = self.get_backend_timeout(timeout)
        with CacheEntry.batch_write() as batch:
            for key, value in data.items():
                batch.save(_entry(self.make_and_validate_key(key, version=version), value, expiry))
        return []

    def delete_many(self, keys, version=None) -> None:
        with CacheEntry.batch_write() as batch:
            for key in keys:
                batch.delete(CacheEntry(self.make_and_validate_key(key, version=version)))

    def clear(self) -> None:
        with CacheEntry.batch_write() as batch:
            for entry in CacheEntry.scan(attributes_to_get=["key"]):
                batch.delete(entry)


def _now() -> datetime:
    return datetime.now(UTC)


def _live():
    """Condition: the item exists and has not expired."""
    return CacheEntry.key.exists() & (
        CacheEntry.expires.does_not_exist() | (CacheEntry.expires > _now())
    )


def _expiry(backend_timeout: float | None) -> datetime | None:
    # TTL attributes hold whole seconds; rounding up never expires an entry early.
    if backend_timeout is None:
        return None
    return datetime.fromtimestamp(math.ceil(backend_timeout), tz=UTC)


def _entry(key: str, value, backend_timeout: float | None) -> CacheEntry:
    entry = CacheEntry(key, expires=_expiry(backend_timeout))
    if type(value) is int:
        entry.number = value
    else:
        entry.value = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    return entry


def _expired(entry: CacheEntry) -> bool:
    return entry.expires is not None and entry.expires <= _now()


def _decode(entry: CacheEntry):
    if entry.number is not None:
        return int(entry.number)
    return pickle.loads(entry.value)  # noqa: S301 - only this site writes the cache table


def _update_live(key: str, action, condition=None) -> CacheEntry | None:
    """Apply an update to a live entry; None when it is absent or expired."""
    entry = CacheEntry(key)
    live = _live() if condition is None else _live() & condition
    try:
        entry.update(actions=[action], condition=live)
    except UpdateError as error:
        if condition_failed(error):
            return None
        raise
    return entry
