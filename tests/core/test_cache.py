"""Django's cache API on the DynamoDB table.

The whole documented contract is tests/support/cache_contract.py, run here
against the DynamoDB cache and, to show that it asks for what Django's own
backends do, against LocMemCache. The tests below it are DynamoDB's own: two
cache objects stand for two Lambda containers (the only state is the table),
and expired items that DynamoDB has not deleted yet.
"""

import threading
import uuid

import pytest
from django.core.cache import CacheKeyWarning, cache
from django.core.cache.backends.locmem import LocMemCache

from apps.core.cache import DynamoDBCache
from apps.core.models import CacheEntry
from tests.support.cache_contract import CacheContract
from tests.support.dynamodb import item_count


class TestDynamoDBCacheKeepsDjangosContract(CacheContract):
    @pytest.fixture
    def cache(self, ttl_deletion_paused):
        # The tests' clock stands still while DynamoDB Local's TTL deletion
        # follows the real one: paused, the site alone must refuse what expired.
        return DynamoDBCache("", {})


class TestLocMemCacheKeepsTheSameContract(CacheContract):
    @pytest.fixture
    def cache(self):
        return LocMemCache(f"contract-{uuid.uuid4()}", {})


@pytest.fixture
def other_container():
    return DynamoDBCache("", {})


def test_what_one_container_writes_the_other_reads(other_container):
    cache.set("greeting", {"text": "hello", "n": [1, 2]})
    assert other_container.get("greeting") == {"text": "hello", "n": [1, 2]}


@pytest.mark.usefixtures("ttl_deletion_paused")
def test_add_replaces_an_expired_entry_that_dynamodb_has_not_deleted_yet(clock):
    cache.set("key", "old", timeout=0.1)
    clock.advance(1.1)
    assert item_count(CacheEntry) == 1
    assert cache.add("key", "new") is True
    assert cache.get("key") == "new"


@pytest.mark.usefixtures("ttl_deletion_paused")
def test_expired_entry_reads_as_missing_before_ttl_deletes_it(clock):
    cache.set("key", "value", timeout=0.1)
    assert cache.get("key") == "value"
    clock.advance(1.1)
    assert cache.get("key") is None
    assert cache.has_key("key") is False
    assert item_count(CacheEntry) == 1


@pytest.mark.usefixtures("ttl_deletion_paused")
def test_a_sub_second_timeout_is_exact_although_ttl_takes_whole_seconds(clock):
    cache.set("key", "value", timeout=0.3)
    entry = CacheEntry.get(cache.make_key("key"))
    assert entry.expires.timestamp() == pytest.approx(entry.expires_at, abs=1)
    assert entry.expires.timestamp() >= entry.expires_at
    clock.advance(0.4)
    assert cache.get("key") is None
    with pytest.raises(ValueError, match="not found"):
        cache.incr("key")
    assert cache.touch("key") is False


def test_none_timeout_stores_no_expiry_at_all():
    cache.set("kept", "value", timeout=None)
    entry = CacheEntry.get(cache.make_key("kept"))
    assert (entry.expires, entry.expires_at) == (None, None)


def test_incr_and_decr_are_atomic_counts(other_container):
    cache.set("count", 10)
    assert cache.incr("count") == 11
    assert other_container.incr("count", 5) == 16
    assert cache.decr("count", 20) == -4
    assert other_container.get("count") == -4


def test_concurrent_increments_from_many_containers_are_all_counted():
    cache.set("hits", 0)
    containers = [DynamoDBCache("", {}) for _ in range(20)]
    threads = [threading.Thread(target=c.incr, args=("hits",)) for c in containers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("hits") == 20


def test_concurrent_add_lets_exactly_one_container_win():
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


def test_a_key_dynamodb_could_not_hold_is_stored_by_its_hash():
    key = "k" * 3000
    with pytest.warns(CacheKeyWarning, match="longer than 250"):
        cache.set(key, "value")
    [entry] = CacheEntry.scan()
    assert entry.key.startswith("sha256:")


def test_clear_empties_the_table():
    cache.set_many({"a": 1, "b": 2})
    cache.clear()
    assert item_count(CacheEntry) == 0
