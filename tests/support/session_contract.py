"""Django's documented session-engine contract, as one suite every engine must pass.

Modelled on SessionTestsMixin in Django's own tests (tests/sessions_tests/
tests.py). A test class mixes it in and provides ``engine``, the SessionStore
class; tests/accounts/test_sessions.py runs it against the DynamoDB engine and
against Django's file engine, which shows that it asks for what Django's own
engines do.
"""

import asyncio
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.core import signing
from django.utils import timezone


class SessionContract:
    @pytest.fixture
    def session(self, engine):
        return engine()

    # a dict that Django saves
    def test_a_new_session_is_empty_unmodified_and_keyless(self, session):
        assert session.session_key is None
        assert session.modified is False
        assert session.accessed is False
        assert list(session.items()) == []
        assert session.is_empty()

    def test_get_set_pop_setdefault_update_and_has_key(self, session):
        session["cat"] = "dog"
        assert session.modified is True
        assert session.get("cat") == "dog"
        assert session.pop("cat") == "dog"
        assert session.pop("cat", "default") == "default"
        with pytest.raises(KeyError):
            session.pop("cat")
        assert session.setdefault("foo", "bar") == "bar"
        assert session.setdefault("foo", "baz") == "bar"
        session.update({"update key": 1})
        assert "update key" in session
        assert session.has_key("foo")
        assert sorted(session.keys()) == ["foo", "update key"]
        assert sorted(session.values(), key=str) == [1, "bar"]

    def test_clear_empties_and_marks_modified(self, session):
        session["x"] = 1
        session.modified = False
        session.clear()
        assert list(session.items()) == []
        assert session.modified is True

    def test_saved_data_loads_in_another_store(self, engine, session):
        session["ship"] = "Enterprise"
        session["crew"] = [1, 2, 3]
        session.save()
        loaded = engine(session.session_key)
        assert dict(loaded.items()) == {"ship": "Enterprise", "crew": [1, 2, 3]}

    def test_save_keeps_the_data_in_memory(self, session):
        session["a"] = "b"
        session.save()
        assert session["a"] == "b"

    # keys
    def test_exists_and_delete(self, session):
        session.save()
        key = session.session_key
        assert session.exists(key) is True
        session.delete(key)
        assert session.exists(key) is False

    def test_delete_without_a_key_deletes_the_current_session(self, engine, session):
        session.save()
        key = session.session_key
        session.delete()
        assert engine().exists(key) is False

    def test_flush_deletes_the_session_and_forgets_its_key(self, session):
        session["foo"] = "bar"
        session.save()
        old_key = session.session_key
        session.flush()
        assert session.exists(old_key) is False
        assert session.session_key is None
        assert session.modified is True
        assert session.accessed is True

    def test_cycle_key_keeps_the_data_under_a_new_key(self, engine, session):
        session["a"], session["b"] = "c", "d"
        session.save()
        old_key = session.session_key
        session.cycle_key()
        assert session.session_key != old_key
        assert session.exists(old_key) is False
        assert sorted(session.items()) == [("a", "c"), ("b", "d")]

    def test_cycle_key_of_a_session_not_yet_loaded_keeps_the_data(self, engine, session):
        session["a"], session["b"] = "c", "d"
        session.save()
        fresh = engine(session.session_key)
        fresh.cycle_key()
        assert sorted(fresh.items()) == [("a", "c"), ("b", "d")]

    def test_an_unknown_key_loads_empty_and_creates_nothing(self, engine, session):
        session.save()
        unknown = session.session_key[:-4] + (
            "aaaa" if session.session_key[-4:] != "aaaa" else "bbbb"
        )
        store = engine(unknown)
        assert store.load() == {}
        assert store.session_key is None
        assert store.exists(unknown) is False

    @pytest.mark.parametrize("key", ["", "1", "1234567"])
    def test_a_malformed_key_is_never_used(self, engine, key):
        store = engine(key)
        assert store.session_key is None
        store["x"] = 1
        store.save()
        assert store.session_key not in (None, key)

    def test_the_session_key_is_read_only(self, session):
        with pytest.raises(AttributeError):
            session.session_key = "x" * 32

    def test_save_of_a_session_deleted_elsewhere_does_not_resurrect_it(self, engine, session):
        session["x"] = 1
        session.save()
        other = engine(session.session_key)
        other.delete()
        session["x"] = 2
        with pytest.raises(UpdateError):
            session.save()
        assert session.exists(session.session_key) is False

    # expiry
    def test_default_expiry_is_session_cookie_age(self, session, settings):
        assert session.get_expiry_age() == settings.SESSION_COOKIE_AGE
        session.set_expiry(0)
        assert session.get_expiry_age() == settings.SESSION_COOKIE_AGE

    @pytest.mark.parametrize(
        "expiry", [10, timedelta(seconds=10), "datetime"], ids=["seconds", "timedelta", "datetime"]
    )
    def test_custom_expiry_in_any_form(self, session, expiry, clock):
        if expiry == "datetime":
            expiry = timezone.now() + timedelta(seconds=10)
        session.set_expiry(expiry)
        assert 9 <= session.get_expiry_age() <= 10
        session.set_expiry(None)
        assert session.get_expiry_age() > 10

    def test_expire_at_browser_close(self, session, settings):
        assert session.get_expire_at_browser_close() is settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
        session.set_expiry(0)
        assert session.get_expire_at_browser_close() is True
        session.set_expiry(10)
        assert session.get_expire_at_browser_close() is False

    def test_a_session_saved_with_a_past_expiry_is_gone_at_once(self, engine, session):
        session["foo"] = "bar"
        session.set_expiry(-timedelta(seconds=10))
        session.save()
        loaded = engine(session.session_key)
        assert "foo" not in loaded

    # encoding
    def test_decode_of_what_encode_made(self, session):
        data = {"a test key": "a test value"}
        assert session.decode(session.encode(data)) == data

    def test_tampered_data_decodes_empty_and_is_logged(self, session, caplog):
        tampered = signing.dumps({"a": 1}, salt="wrong salt")
        with caplog.at_level("WARNING", logger="django.security.SuspiciousSession"):
            assert session.decode(tampered) == {}
        assert "Session data corrupted" in caplog.text

    def test_clear_expired_keeps_live_sessions(self, engine, session):
        session["ship"] = "Enterprise"
        session.save()
        engine.clear_expired()
        assert engine(session.session_key).get("ship") == "Enterprise"

    # async variants, the same contract
    def test_async_calls_keep_the_contract(self, engine):
        async def scenario():
            session = engine()
            await session.aset("cat", "dog")
            await session.asave()
            key = session.session_key
            loaded = engine(key)
            assert await loaded.aget("cat") == "dog"
            assert await loaded.aexists(key) is True
            await loaded.adelete()
            assert await loaded.aexists(key) is False

        asyncio.run(scenario())
