"""Django's cache API on the DynamoDB table: the contract every cache backend keeps.

Expiry is kept in whole seconds (a TTL attribute) and rounded up, so an entry
set with timeout=0.1 is gone after at most 1.1 s.

Two cache objects stand for two Lambda containers: what one writes, the other
reads, because the only state is the table.
"""

import threading
import time

import pytest
from django.core.cache import cache

from apps.core.cache import DynamoDBCache
from apps.core.models import CacheEntry
from tests.support.dynamodb import item_count


@pytest.fixture
def other_container():
    return DynamoDBCache("", {})


def test_set_then_get_returns_the_value(other_container):
    cache.set("greeting", {"text": "hello", "n": [1, 2]})
    assert other_container.get("greeting") == {"text": "hello", "n": [1, 2]}


def test_get_of_a_missing_key_returns_the_default():
    assert cache.get("missing") is None
    assert cache.get("missing", "fallback") == "fallback"


@pytest.mark.parametrize("value", [0, 7, -3, 10**15, "text", b"bytes", 1.5, None, True, [1]])
def test_values_keep_their_type(value):
    cache.set("value", value)
    assert cache.get("value", "sentinel") == value
    assert type(cache.get("value", "sentinel")) is type(value)


def test_add_writes_only_when_absent():
    assert cache.add("key", "first") is True
    assert cache.add("key", "second") is False
    assert cache.get("key") == "first"


@pytest.mark.usefixtures("ttl_deletion_paused")
def test_add_replaces_an_expired_entry_that_dynamodb_has_not_deleted_yet():
    cache.set("key", "old", timeout=0.1)
    time.sleep(1.1)
    assert item_count(CacheEntry) == 1
    assert cache.add("key", "new") is True
    assert cache.get("key") == "new"


@pytest.mark.usefixtures("ttl_deletion_paused")
def test_expired_entry_reads_as_missing_before_ttl_deletes_it():
    cache.set("key", "value", timeout=0.1)
    assert cache.get("key") == "value"
    time.sleep(1.1)
    assert cache.get("key") is None
    assert cache.has_key("key") is False
    assert item_count(CacheEntry) == 1


def test_timeout_zero_expires_at_once_and_none_never_expires():
    cache.set("gone", "value", timeout=0)
    cache.set("kept", "value", timeout=None)
    assert cache.get("gone") is None
    assert cache.get("kept") == "value"
    assert CacheEntry.get(cache.make_key("kept")).expires is None


def test_delete_says_whether_there_was_something_to_delete():
    cache.set("key", "value")
    assert cache.delete("key") is True
    assert cache.delete("key") is False
    assert cache.get("key") is None


def test_incr_and_decr_are_atomic_counts(other_container):
    cache.set("count", 10)
    assert cache.incr("count") == 11
    assert other_container.incr("count", 5) == 16
    assert cache.decr("count", 20) == -4
    assert other_container.get("count") == -4


def test_incr_of_a_missing_or_expired_key_raises_value_error():
    with pytest.raises(ValueError, match="not found"):
        cache.incr("missing")
    cache.set("expired", 1, timeout=0)
    with pytest.raises(ValueError, match="not found"):
        cache.incr("expired")


def test_concurrent_increments_from_many_containers_are_all_counted():
    cache.set("hits", 0)
    containers = [DynamoDBCache("", {}) for _ in range(20)]
    threads = [threading.Thread(target=c.incr, args=("hits",)) for c in containers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("hits") == 20


def test_concurrent_add_lets_exactly_one_writer_win():
    results = []
    containers = [DynamoDBCache("", {}) for _ in range(20)]

    def add(container, n):
        results.append(container.add("lock", n))

    threads = [threading.Thread(target=add, args=(c, n)) for n, c in enumerate(containers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 1
    assert cache.get("lock") in range(20)


def test_touch_changes_the_expiry_of_a_live_entry_only():
    cache.set("key", "value", timeout=0.1)
    assert cache.touch("key", timeout=None) is True
    time.sleep(1.1)
    assert cache.get("key") == "value"
    assert cache.touch("missing") is False


def test_many_at_once():
    cache.set_many({"a": 1, "b": "two", "c": [3]})
    cache.set("expired", "x", timeout=0)
    assert cache.get_many(["a", "b", "c", "missing", "expired"]) == {"a": 1, "b": "two", "c": [3]}
    cache.delete_many(["a", "b"])
    assert cache.get_many(["a", "b", "c"]) == {"c": [3]}


def test_versions_and_prefixes_keep_keys_apart():
    cache.set("key", "v1", version=1)
    cache.set("key", "v2", version=2)
    assert cache.get("key", version=1) == "v1"
    assert cache.get("key", version=2) == "v2"


def test_clear_empties_the_table():
    cache.set_many({"a": 1, "b": 2})
    cache.clear()
    assert item_count(CacheEntry) == 0
    assert cache.get("a") is None


def test_get_or_set_stores_the_default_once():
    assert cache.get_or_set("key", "computed") == "computed"
    assert cache.get_or_set("key", "other") == "computed"
