"""Every page of the log needs a valid session, and a captain only ever sees their own log."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings

from apps.accounts.records import SessionRecord
from apps.accounts.selectors import username_key
from apps.captains_log.models import LogEntry
from apps.captains_log.services import entry_create
from tests.support.accounts import PASSWORD, account_create
from tests.support.dynamodb_calls import dynamodb_calls

COOKIE = settings.SESSION_COOKIE_NAME


@pytest.fixture
def entry(picard):
    return entry_create(captain=username_key("picard"), title="Farpoint", text="We have arrived.")


def pages(entry):
    return [
        "/log/",
        "/log/new/",
        f"/log/{entry.entry_id}/",
        f"/log/{entry.entry_id}/edit/",
        f"/log/{entry.entry_id}/delete/",
    ]


def assert_sent_to_login(response, path):
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={path}"


def test_visitors_without_a_session_are_sent_to_login(client, entry):
    for path in pages(entry):
        assert_sent_to_login(client.get(path), path)
    assert_sent_to_login(client.post("/log/new/", {"title": "x", "text": "y"}), "/log/new/")


@pytest.mark.parametrize("cookie", ["a" * 32, "forged-session-key", ""])
def test_a_forged_session_is_sent_to_login(client, entry, cookie):
    client.cookies[COOKIE] = cookie
    for path in pages(entry):
        assert_sent_to_login(client.get(path), path)


@pytest.mark.usefixtures("ttl_deletion_paused")
def test_an_expired_session_not_yet_deleted_by_ttl_is_sent_to_login(signed_in, entry):
    record = SessionRecord.get(signed_in.cookies[COOKIE].value)
    record.update(actions=[SessionRecord.expires.set(datetime.now(UTC) - timedelta(seconds=1))])
    for path in pages(entry):
        assert_sent_to_login(signed_in.get(path), path)


def test_a_signed_out_session_is_sent_to_login(signed_in, entry):
    old_cookie = signed_in.cookies[COOKIE].value
    signed_in.post("/logout/")
    signed_in.cookies[COOKIE] = old_cookie
    for path in pages(entry):
        assert_sent_to_login(signed_in.get(path), path)


def test_signing_in_returns_to_the_page_asked_for(client, entry):
    path = f"/log/{entry.entry_id}/"
    response = client.post(
        f"/login/?next={path}", {"username": "picard", "password": PASSWORD, "next": path}
    )
    assert response["Location"] == path
    assert "Farpoint" in client.get(path).content.decode()


@pytest.fixture
def kirk(client, entry):
    account_create(username="kirk", email="kirk@enterprise.example")
    client.login(username="kirk", password=PASSWORD)
    return client


def test_another_captains_entry_is_404_for_every_action(kirk, entry):
    for path in pages(entry)[2:]:
        assert kirk.get(path).status_code == 404
    edit = {"title": "Hijacked", "text": "Kirk was here", "version": entry.version}
    assert kirk.post(f"/log/{entry.entry_id}/edit/", edit).status_code == 404
    assert (
        kirk.post(f"/log/{entry.entry_id}/delete/", {"version": entry.version}).status_code == 404
    )
    stored = LogEntry.get(username_key("picard"), entry.entry_id)
    assert (stored.title, stored.text) == ("Farpoint", "We have arrived.")


def test_another_captains_log_never_shows(kirk, entry):
    content = kirk.get("/log/").content.decode()
    assert "Farpoint" not in content
    assert "Your log is empty" in content


@pytest.mark.parametrize(
    "entry_id",
    [
        "nope",
        "20261124T000000000000Z-zzzzzzzz",
        "2026" * 300,
        "../../admin",
        "%00",
        "20261124T000000000000Z-0000000",
    ],
)
def test_malformed_entry_ids_are_404_without_reading_dynamodb(signed_in, entry_id):
    with dynamodb_calls() as calls:
        responses = [
            signed_in.get(f"/log/{entry_id}/{action}") for action in ("", "edit/", "delete/")
        ]
    assert all(r.status_code == 404 for r in responses)
    assert settings.DYNAMODB_TABLE_PREFIX + "log_entries" not in {t for _, t in calls}


def test_a_well_formed_but_unknown_entry_id_is_404(signed_in):
    assert signed_in.get("/log/20261124T000000000000Z-00000000/").status_code == 404
