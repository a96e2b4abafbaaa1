"""A user's unread count (apps raise it; the header shows it): it moves without the account's
version, so saving the account neither loses it nor is refused because of it."""

import pytest

from apps.accounts.selectors import user_get, user_record_get
from apps.accounts.services import notices_unread_add, notices_unread_clear, user_save
from apps.core.dynamodb.writes import Transaction, TransactionRefused, transaction_commit


def raise_count(user_key: str, count: int) -> None:
    transaction = Transaction()
    notices_unread_add(transaction, user_key, count)
    transaction_commit(transaction)


def test_the_count_moves_without_the_version_and_a_save_keeps_it(picard):
    loaded = user_get(username="Picard")
    version = user_record_get(username="Picard").version
    raise_count("picard", 3)
    assert user_record_get(username="Picard").version == version
    loaded.bio = "Tea, Earl Grey, hot"
    user_save(loaded)  # loaded before the count moved: saved all the same
    stored = user_record_get(username="Picard")
    assert (stored.bio, stored.notices_unread, stored.version) == (
        "Tea, Earl Grey, hot",
        3,
        version + 1,
    )
    user = user_get(username="Picard")
    notices_unread_clear(user)
    assert user_get(username="Picard").notices_unread == 0
    assert user_record_get(username="Picard").version == version + 1
    seen = user_record_get(username="Picard").notices_seen
    user.bio = "Make it so"
    user_save(user)
    assert user_record_get(username="Picard").notices_seen == seen is not None


def test_a_count_for_an_account_that_is_gone_is_refused_and_writes_nothing(picard):
    with pytest.raises(TransactionRefused):
        raise_count("nobody", 1)
    assert user_record_get(username="nobody") is None
