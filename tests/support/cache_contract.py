"""Django's documented cache contract, as one suite every backend must pass.

Modelled on BaseCacheTests in Django's own tests (tests/cache/tests.py). A test
class mixes it in and provides a ``cache`` fixture; tests/core/test_cache.py runs
it against the DynamoDB cache and against Django's LocMemCache, which shows that
the suite asks for what Django's own backends do. Expiry is tested on the
``clock`` fixture: time moves when a test says so, never while it works.
"""

import pickle
import threading
import warnings

import pytest
from django.core.cache import CacheKeyWarning


class Unpicklable:
    def __getstate__(self):
        raise pickle.PickleError("not today")


class CacheContract:
    # get, set, add, delete
    def test_get_returns_what_set_stored_and_the_default_otherwise(self, cache):
        cache.set("key", {"text": "value", "n": [1, 2]})
        assert cache.get("key") == {"text": "value", "n": [1, 2]}
        assert cache.get("missing") is None
        assert cache.get("missing", "default") == "default"

    def test_a_stored_none_is_returned_not_the_default(self, cache):
        cache.set("none", None)
        assert cache.get("none", "default") is None
        assert cache.has_key("none") is True

    @pytest.mark.parametrize(
        "value", [0, -7, 2**62, 1.5, True, "text", "ünïcödé ✓", b"\x00\xff", [1, "a"], {"a": 1}]
    )
    def test_values_come_back_equal_and_of_their_type(self, cache, value):
        cache.set("value", value)
        assert cache.get("value") == value
        assert type(cache.get("value")) is type(value)

    def test_add_stores_only_when_the_key_is_absent(self, cache):
        assert cache.add("key", "first") is True
        assert cache.add("key", "second") is False
        assert cache.get("key") == "first"

    def test_add_takes_the_place_of_an_expired_entry(self, cache, clock):
        cache.set("key", "old", timeout=0.2)
        clock.advance(0.3)
        assert cache.add("key", "new") is True
        assert cache.get("key") == "new"

    def test_delete_says_whether_the_key_was_there(self, cache):
        cache.set("key", "value")
        assert cache.delete("key") is True
        assert cache.delete("key") is False
        assert cache.get("key") is None

    def test_unpicklable_values_raise_and_store_nothing(self, cache):
        with pytest.raises(pickle.PickleError):
            cache.set("key", Unpicklable())
        with pytest.raises(pickle.PickleError):
            cache.add("key", Unpicklable())
        assert cache.has_key("key") is False

    # expiry
    def test_an_entry_is_gone_once_its_sub_second_timeout_has_passed(self, cache, clock):
        cache.set("key", "value", timeout=0.3)
        assert cache.get("key") == "value"
        clock.advance(0.5)
        assert cache.get("key") is None
        assert cache.has_key("key") is False

    def test_timeout_zero_stores_nothing_and_none_never_expires(self, cache):
        cache.set("zero", "value", timeout=0)
        cache.add("zero-add", "value", timeout=0)
        cache.set_many({"zero-many": "value"}, timeout=0)
        cache.set("forever", "value", timeout=None)
        assert cache.get_many(["zero", "zero-add", "zero-many"]) == {}
        assert cache.get("forever") == "value"

    def test_a_timeout_beyond_thirty_days_is_seconds_not_a_date(self, cache):
        cache.set("long", "value", timeout=60 * 60 * 24 * 30 + 1)
        assert cache.get("long") == "value"

    def test_touch_gives_a_live_entry_a_new_timeout(self, cache, clock):
        cache.set("key", "value", timeout=0.3)
        assert cache.touch("key", timeout=None) is True
        clock.advance(0.5)
        assert cache.get("key") == "value"
        assert cache.touch("key", timeout=0.2) is True
        clock.advance(0.3)
        assert cache.get("key") is None
        assert cache.touch("key") is False
        assert cache.touch("missing") is False

    # incr and decr
    def test_incr_and_decr_count_by_the_delta(self, cache):
        cache.set("count", 1)
        assert cache.incr("count") == 2
        assert cache.incr("count", 10) == 12
        assert cache.decr("count") == 11
        assert cache.decr("count", 20) == -9
        assert cache.get("count") == -9

    def test_incr_of_a_missing_or_expired_key_raises_value_error(self, cache, clock):
        with pytest.raises(ValueError, match="not found"):
            cache.incr("missing")
        with pytest.raises(ValueError, match="not found"):
            cache.decr("missing")
        cache.set("expired", 1, timeout=0.1)
        clock.advance(0.2)
        with pytest.raises(ValueError, match="not found"):
            cache.incr("expired")

    def test_incr_adds_to_a_number_that_is_not_an_integer(self, cache):
        cache.set("ratio", 1.5)
        assert cache.incr("ratio") == 2.5
        assert cache.get("ratio") == 2.5

    def test_incr_of_text_raises_type_error_and_keeps_the_text(self, cache):
        cache.set("text", "abc")
        with pytest.raises(TypeError):
            cache.incr("text")
        assert cache.get("text") == "abc"

    def test_incr_keeps_the_timeout(self, cache, clock):
        cache.set("count", 1, timeout=0.3)
        cache.incr("count")
        clock.advance(0.5)
        assert cache.get("count") is None

    # many at once
    def test_get_many_returns_only_live_keys(self, cache):
        cache.set_many({"a": 1, "b": "two", "c": None})
        cache.set("expired", "x", timeout=0)
        assert cache.get_many(["a", "b", "c", "missing", "expired"]) == {
            "a": 1,
            "b": "two",
            "c": None,
        }

    def test_set_many_returns_the_keys_it_could_not_store_none(self, cache):
        assert cache.set_many({"a": 1, "b": 2}) == []
        assert cache.set_many({}) == []

    def test_set_many_honours_the_timeout(self, cache, clock):
        cache.set_many({"a": 1, "b": 2}, timeout=0.2)
        clock.advance(0.3)
        assert cache.get_many(["a", "b"]) == {}

    def test_delete_many_deletes_those_keys_only(self, cache):
        cache.set_many({"a": 1, "b": 2, "c": 3})
        cache.delete_many(["a", "b", "missing"])
        cache.delete_many([])
        assert cache.get_many(["a", "b", "c"]) == {"c": 3}

    def test_clear_removes_everything(self, cache):
        cache.set_many({"a": 1, "b": 2})
        cache.clear()
        assert cache.get_many(["a", "b"]) == {}

    # get_or_set and has_key
    def test_get_or_set_stores_the_default_once(self, cache):
        assert cache.get_or_set("key", "computed") == "computed"
        assert cache.get_or_set("key", "other") == "computed"
        assert cache.get_or_set("callable", lambda: "called") == "called"
        assert cache.get("callable") == "called"

    def test_get_or_set_of_none_stores_none(self, cache):
        assert cache.get_or_set("null", None) is None
        assert cache.get("null", "default") is None

    def test_has_key_and_in(self, cache):
        cache.set("key", "value")
        assert cache.has_key("key") is True
        assert "key" in cache
        assert cache.has_key("missing") is False

    # versions
    def test_versions_keep_values_apart_in_every_call(self, cache):
        cache.set("key", "v1", version=1)
        cache.set("key", "v2", version=2)
        assert (cache.get("key", version=1), cache.get("key", version=2)) == ("v1", "v2")
        assert cache.add("key", "v3", version=3) is True
        cache.set_many({"many": 1}, version=2)
        assert cache.get_many(["key", "many"], version=2) == {"key": "v2", "many": 1}
        assert cache.delete("key", version=1) is True
        assert cache.has_key("key", version=1) is False
        assert cache.has_key("key", version=2) is True

    def test_incr_version_moves_the_value_to_the_next_version(self, cache):
        cache.set("key", "value", version=2)
        assert cache.incr_version("key", version=2) == 3
        assert cache.get("key", version=2) is None
        assert cache.get("key", version=3) == "value"
        assert cache.decr_version("key", version=3) == 2
        assert cache.get("key", version=2) == "value"
        with pytest.raises(ValueError, match="not found"):
            cache.incr_version("missing")

    # keys
    @pytest.mark.parametrize("key", ["key with spaces", "key\nnewline", "k" * 251])
    def test_keys_memcached_could_not_take_warn_and_still_work(self, cache, key):
        with pytest.warns(CacheKeyWarning):
            cache.set(key, "value")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CacheKeyWarning)
            assert cache.get(key) == "value"
            assert cache.delete(key) is True

    def test_a_very_long_key_works(self, cache):
        key = "k" * 5000
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CacheKeyWarning)
            cache.set(key, "value")
            assert cache.get(key) == "value"
            assert cache.get_many([key]) == {key: "value"}
            assert cache.add(key + "n", 0) is True
            assert cache.incr(key + "n") == 1

    def test_unicode_keys(self, cache):
        cache.set("ключ-✓", "value")
        assert cache.get("ключ-✓") == "value"

    # concurrency
    def test_concurrent_adds_let_exactly_one_win(self, cache):
        results = []
        threads = [
            threading.Thread(target=lambda n=n: results.append(cache.add("lock", n)))
            for n in range(10)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert results.count(True) == 1
