"""Sessions as a browser sees them: cycled on sign-in, flushed on sign-out, refused when stale."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings

from apps.accounts.records import SessionRecord
from tests.support.accounts import PASSWORD
from tests.support.dynamodb import item_count
from tests.support.dynamodb_calls import dynamodb_calls

COOKIE = settings.SESSION_COOKIE_NAME


def test_session_key_is_cycled_on_sign_in(client, picard):
    client.get("/login/")
    session = client.session
    session["before"] = "sign-in"
    session.save()
    anonymous_key = session.session_key
    client.post("/login/", {"username": "picard", "password": PASSWORD})
    signed_in_key = client.cookies[COOKIE].value
    assert signed_in_key != anonymous_key
    assert [r.session_key for r in SessionRecord.scan()] == [signed_in_key]
    assert client.session["before"] == "sign-in"


def test_session_is_flushed_on_sign_out(signed_in):
    key = signed_in.cookies[COOKIE].value
    response = signed_in.post("/logout/")
    assert response.cookies[COOKIE].value == ""
    assert item_count(SessionRecord) == 0
    assert key not in [r.session_key for r in SessionRecord.scan()]


def test_session_cookie_is_httponly_and_samesite_lax(client, picard):
    response = client.post("/login/", {"username": "picard", "password": PASSWORD})
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


@pytest.mark.parametrize("cookie", ["", "forged" + "x" * 26, "a" * 32, "<script>", "x" * 5000])
def test_missing_or_forged_session_is_anonymous(client, picard, cookie):
    client.cookies[COOKIE] = cookie
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/account/"


@pytest.mark.usefixtures("ttl_deletion_paused")
def test_expired_session_not_yet_deleted_by_ttl_is_anonymous(signed_in):
    key = signed_in.cookies[COOKIE].value
    record = SessionRecord.get(key)
    record.update(actions=[SessionRecord.expires.set(datetime.now(UTC) - timedelta(seconds=1))])
    assert item_count(SessionRecord) == 1
    response = signed_in.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_view_that_does_not_touch_the_session_reads_no_session(signed_in):
    with dynamodb_calls() as calls:
        response = signed_in.get("/healthz")
    assert response.status_code == 200
    assert COOKIE not in response.cookies
    tables = {table for _, table in calls}
    assert tables == {settings.DYNAMODB_TABLE_PREFIX + "cache"}


def test_a_signed_in_page_reads_the_session_and_the_user_once_each(signed_in):
    with dynamodb_calls() as calls:
        signed_in.get("/account/")
    prefix = settings.DYNAMODB_TABLE_PREFIX
    assert sorted(calls) == [("GetItem", prefix + "sessions"), ("GetItem", prefix + "users")]
