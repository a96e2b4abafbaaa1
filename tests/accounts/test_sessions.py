"""The DynamoDB session engine keeps Django's session contract.

The whole documented contract is tests/support/session_contract.py, run here
against the DynamoDB engine and, to show that it asks for what Django's own
engines do, against Django's file engine. The tests below it are DynamoDB's own.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.utils import timezone

from apps.accounts.records import SessionRecord
from apps.accounts.sessions import SessionStore
from tests.support.dynamodb import item_count
from tests.support.dynamodb_calls import dynamodb_calls
from tests.support.session_contract import SessionContract


class TestDynamoDBSessionsKeepDjangosContract(SessionContract):
    @pytest.fixture
    def engine(self):
        return SessionStore


class TestFileSessionsKeepTheSameContract(SessionContract):
    @pytest.fixture
    def engine(self, settings, tmp_path):
        from django.contrib.sessions.backends.file import SessionStore as FileSessionStore

        settings.SESSION_FILE_PATH = str(tmp_path)
        return FileSessionStore


@pytest.fixture
def session():
    return SessionStore()


def test_a_new_session_is_empty_and_unsaved(session):
    assert session.session_key is None
    assert dict(session.items()) == {}
    assert item_count(SessionRecord) == 0


def test_saved_data_loads_in_another_store(session):
    session["ship"] = "Enterprise"
    session["crew"] = [1, 2, 3]
    session.save()
    other = SessionStore(session.session_key)
    assert other["ship"] == "Enterprise"
    assert other["crew"] == [1, 2, 3]


def test_exists_and_delete(session):
    session["x"] = 1
    session.save()
    key = session.session_key
    assert session.exists(key)
    session.delete()
    assert not session.exists(key)
    assert SessionStore(key).load() == {}


def test_cycle_key_keeps_the_data_under_a_new_key_and_drops_the_old_one(session):
    session["x"] = 1
    session.save()
    old_key = session.session_key
    session.cycle_key()
    assert session.session_key != old_key
    assert session["x"] == 1
    assert not session.exists(old_key)
    assert SessionStore(session.session_key)["x"] == 1


def test_flush_deletes_the_session_and_forgets_its_key(session):
    session["x"] = 1
    session.save()
    old_key = session.session_key
    session.flush()
    assert session.session_key is None
    assert not session.exists(old_key)


def test_unknown_or_forged_key_loads_empty_and_gets_a_fresh_key_on_save():
    forged = SessionStore("a" * 32)
    assert forged.load() == {}
    forged["x"] = 1
    forged.save()
    assert forged.session_key != "a" * 32


@pytest.mark.usefixtures("ttl_deletion_paused")
def test_expired_session_is_refused_before_ttl_deletes_it(session, clock):
    session["x"] = 1
    session.set_expiry(1)
    session.save()
    clock.advance(1.1)
    assert item_count(SessionRecord) == 1
    assert SessionStore(session.session_key).load() == {}


def test_the_item_carries_a_ttl_at_the_expiry_date(session, clock):
    session["x"] = 1
    session.save()
    record = SessionRecord.get(session.session_key)
    expected = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs((record.expires - expected).total_seconds()) < 5


def test_saving_a_session_deleted_meanwhile_raises_update_error(session):
    session["x"] = 1
    session.save()
    SessionStore(session.session_key).delete()
    session["x"] = 2
    with pytest.raises(UpdateError):
        session.save()


def test_clear_expired_needs_no_work():
    with dynamodb_calls() as calls:
        SessionStore.clear_expired()
    assert calls == []


def test_nothing_is_read_until_the_session_is_used():
    with dynamodb_calls() as calls:
        session = SessionStore("b" * 32)
        reads_before_use = len(calls)
        session.get("x")
    assert reads_before_use == 0
    assert [op for op, _ in calls] == ["GetItem"]


def test_a_forged_key_costs_no_read():
    with dynamodb_calls() as calls:
        assert SessionStore("not a real key!").load() == {}
        assert SessionStore("x" * 5000).load() == {}
    assert calls == []
