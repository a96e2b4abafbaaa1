"""The write layer against DynamoDB Local: conditions, versions, transactions, lost answers.

Lost answers go through the fault proxy: DynamoDB applies the write, the
answer never reaches the site, botocore retries, and the retry meets the
write it already made.
"""

from datetime import UTC, datetime, timedelta

import pytest

from apps.accounts.records import UniqueClaim
from apps.captains_log.models import LogEntry
from apps.core.dynamodb.failures import unavailable_reason
from apps.core.dynamodb.writes import (
    BatchIncomplete,
    ConditionFailed,
    Transaction,
    TransactionRefused,
    item_create,
    item_delete,
    item_replace,
    item_update,
    items_delete_batch,
    items_put_batch,
    items_write_batch,
    transaction_commit,
)
from apps.core.models import CacheEntry
from tests.support.dynamodb import item_count
from tests.support.dynamodb_calls import dynamodb_calls

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def entry(title="Arrival", entry_id="20261124T093000000000Z-00000001"):
    return LogEntry("picard", entry_id, title=title, text="We arrived.", created=NOW)


def stored(item):
    return type(item).get(item.captain, item.entry_id, consistent_read=True)


def test_create_refuses_a_taken_key_and_leaves_the_item_alone():
    item_create(entry("First"))
    with pytest.raises(ConditionFailed):
        item_create(entry("Second"))
    assert stored(entry()).title == "First"


def test_create_may_reclaim_an_item_matching_the_condition():
    CacheEntry("k", value=b"old", expires=NOW - timedelta(days=1)).save()
    item_create(CacheEntry("k", value=b"new"), reclaim=CacheEntry.expires <= NOW)
    assert CacheEntry.get("k").value == b"new"


def test_replace_honours_the_version_the_item_was_loaded_with():
    item_create(entry())
    first, second = stored(entry()), stored(entry())
    first.title = "Edited"
    item_replace(first)
    assert (first.version, stored(first).version) == (2, 2)
    second.title = "Stale"
    with pytest.raises(ConditionFailed):
        item_replace(second)
    assert stored(first).title == "Edited"


def test_a_blank_record_is_never_written_over_a_versioned_item():
    item_create(entry())
    with pytest.raises(ValueError, match="loaded"):
        item_replace(entry("Blank"))
    with pytest.raises(ValueError, match="loaded"):
        item_update(entry(), [LogEntry.title.set("Blank")])
    assert stored(entry()).title == "Arrival"


def test_update_checks_the_version_or_at_least_moves_it_on():
    item_create(entry())
    stale, loaded = stored(entry()), stored(entry())
    item_update(loaded, [LogEntry.title.set("Checked")])
    assert loaded.title == "Checked"
    with pytest.raises(ConditionFailed):
        item_update(stale, [LogEntry.title.set("Stale")])
    item_update(stale, [LogEntry.text.set("Unchecked")], check_version=False)
    assert (stored(loaded).version, stored(loaded).title) == (3, "Checked")
    with pytest.raises(ConditionFailed):
        item_replace(loaded)  # version 2: moved on by the unchecked update


def test_update_never_creates_a_missing_item():
    item_create(entry())
    loaded = stored(entry())
    loaded.delete()
    with pytest.raises(ConditionFailed):
        item_update(loaded, [LogEntry.title.set("Ghost")], check_version=False)
    assert item_count(LogEntry) == 0


def test_delete_honours_version_and_condition():
    item_create(entry())
    loaded = stored(entry())
    with pytest.raises(ConditionFailed):
        item_delete(loaded, condition=LogEntry.title == "Other")
    loaded.version = 7
    with pytest.raises(ConditionFailed):
        item_delete(loaded)
    loaded.version = 1
    item_delete(loaded)
    assert item_count(LogEntry) == 0


def test_a_refused_transaction_names_the_refused_item_by_key_and_writes_nothing():
    UniqueClaim("email#b@example.com", owner="someone").save()
    first, second = UniqueClaim("email#a@example.com", owner="me"), entry()
    taken = UniqueClaim("email#b@example.com", owner="me")
    transaction = Transaction()
    transaction.create(first)
    transaction.create(second)
    transaction.create(taken)
    with pytest.raises(TransactionRefused) as refused:
        transaction_commit(transaction)
    assert refused.value.refused(UniqueClaim("email#b@example.com"))
    assert not refused.value.refused(first)
    assert not refused.value.refused(second)
    assert item_count(UniqueClaim) == 1
    assert item_count(LogEntry) == 0


def test_a_transaction_mixes_creates_updates_and_deletes():
    item_create(entry())
    old = UniqueClaim("email#old@example.com", owner="me")
    item_create(old)
    loaded = stored(entry())
    transaction = Transaction()
    transaction.update(loaded, [LogEntry.title.set("Moved")])
    transaction.delete(old, condition=UniqueClaim.owner == "me")
    transaction.create(UniqueClaim("email#new@example.com", owner="me"))
    transaction_commit(transaction)
    assert (stored(loaded).title, stored(loaded).version) == ("Moved", 2)
    assert [c.claim for c in UniqueClaim.scan()] == ["email#new@example.com"]


def test_a_resubmitted_transaction_with_its_idempotency_key_is_recognised_as_done():
    def sign_up(nonce):
        transaction = Transaction(nonce=nonce)
        transaction.create(UniqueClaim("email#a@example.com", owner="me"))
        transaction_commit(transaction)

    sign_up("form-key-1")
    sign_up("form-key-1")  # the same form, sent again
    with pytest.raises(TransactionRefused):
        sign_up("form-key-2")  # another form: someone else's claim
    assert item_count(UniqueClaim) == 1


# --- batches ---


def entries(count):
    return [entry(f"Entry {n}", f"20261124T093000000000Z-{n:08d}") for n in range(count)]


def test_a_batch_writes_to_several_tables_25_writes_a_request():
    claims = [UniqueClaim(f"email#{n}@example.com", owner="me") for n in range(10)]
    with dynamodb_calls() as calls:
        items_put_batch([*entries(40), *claims])
    assert calls == [("BatchWriteItem", "")] * 2
    assert (item_count(LogEntry), item_count(UniqueClaim)) == (40, 10)
    items_write_batch(put=[entry("Kept", "k")], delete=[*entries(40), *claims])
    assert [stored.title for stored in LogEntry.scan()] == ["Kept"]
    assert item_count(UniqueClaim) == 0


def test_a_batch_naming_one_key_twice_keeps_the_last_write():
    items_put_batch([entry("First"), entry("Second")])
    assert stored(entry()).title == "Second"
    items_delete_batch([entry(), entry()])
    assert item_count(LogEntry) == 0


def test_writes_dynamodb_left_unprocessed_are_sent_again(dynamodb_proxy):
    with dynamodb_proxy.writes_unprocessed(1):
        items_put_batch(entries(3))
    assert item_count(LogEntry) == 3


def test_writes_still_unprocessed_after_the_retries_are_a_failure_like_an_outage(
    dynamodb_proxy,
):
    with dynamodb_proxy.writes_unprocessed(), pytest.raises(BatchIncomplete) as failure:
        items_put_batch(entries(3))
    assert "3 writes" in unavailable_reason(failure.value)  # a 503, as for any outage
    assert item_count(LogEntry) == 0


# --- lost answers: DynamoDB applied the write, the site never heard ---


def test_a_create_whose_answer_was_lost_is_ours_not_taken(dynamodb_proxy):
    with dynamodb_proxy.answers_lost(1, "PutItem"):
        item_create(entry())
    assert stored(entry()).title == "Arrival"


def test_after_a_lost_answer_someone_elses_item_is_still_refused(dynamodb_proxy):
    item_create(entry("Theirs"))
    with dynamodb_proxy.answers_lost(1, "PutItem"), pytest.raises(ConditionFailed):
        item_create(entry("Mine"))
    assert stored(entry()).title == "Theirs"


def test_a_versioned_replace_whose_answer_was_lost_is_ours(dynamodb_proxy):
    item_create(entry())
    loaded = stored(entry())
    loaded.title = "Edited"
    with dynamodb_proxy.answers_lost(1, "PutItem"):
        item_replace(loaded)
    assert (loaded.version, stored(loaded).version, stored(loaded).title) == (2, 2, "Edited")


def test_an_update_whose_answer_was_lost_is_ours(dynamodb_proxy):
    item_create(entry())
    loaded = stored(entry())
    with dynamodb_proxy.answers_lost(1, "UpdateItem"):
        item_update(loaded, [LogEntry.title.set("Edited")])
    assert (loaded.version, loaded.title) == (2, "Edited")


def test_a_delete_whose_answer_was_lost_is_done(dynamodb_proxy):
    item_create(entry())
    loaded = stored(entry())
    with dynamodb_proxy.answers_lost(1, "DeleteItem"):
        item_delete(loaded)
    assert item_count(LogEntry) == 0


def test_a_transaction_whose_answer_was_lost_commits_once(dynamodb_proxy):
    transaction = Transaction()
    transaction.create(UniqueClaim("email#a@example.com", owner="me"))
    transaction.create(entry())
    with dynamodb_proxy.answers_lost(1, "TransactWriteItems"):
        transaction_commit(transaction)
    assert item_count(UniqueClaim) == 1
    assert stored(entry()).version == 1


def test_a_cache_add_whose_answer_was_lost_reports_added(dynamodb_proxy):
    from django.core.cache import cache

    with dynamodb_proxy.answers_lost(1, "PutItem", table=CacheEntry.Meta.table_name):
        assert cache.add("once", 1) is True
    assert cache.add("once", 2) is False
    assert cache.get("once") == 1
