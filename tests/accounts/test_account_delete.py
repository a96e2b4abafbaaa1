"""Deleting an account: everything of the user's goes, links and bills stay, nobody gets back in."""

import html
import threading

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.test import Client

from apps.accounts.forms import PASSWORD_WRONG, SIGN_IN_FAILED
from apps.accounts.records import SessionRecord, UniqueClaim, UserRecord
from apps.accounts.selectors import user_get, user_record_get
from apps.accounts.services import DELETED_SUBJECT, USERNAME_TAKEN, account_delete
from apps.accounts.sessions import SessionStore
from apps.billing.models import Bill
from apps.captains_log.models import LogEntry
from apps.captains_log.services import entry_create
from apps.core.background.models import WorkPiece
from apps.todos.keys import user_pk
from apps.todos.models import Record
from apps.todos.services import todo_create
from tests.support.accounts import PASSWORD
from tests.support.billing import shop_form
from tests.support.dynamodb import item_count
from tests.support.dynamodb_calls import dynamodb_calls
from tests.support.todos import add, call, token_for

MANY = 30  # sessions, log entries and todos: more than one BatchWriteItem (25) holds


def signed_in_client() -> Client:
    client = Client()
    assert client.login(username="picard", password=PASSWORD)
    return client


@pytest.fixture
def picards_things(picard, client):
    """Picard signed in on this client with a todo, a device, a log entry, a link and a bill."""
    assert client.login(username="picard", password=PASSWORD)
    device = token_for(Client())
    add(client, device["token"], device["device"]["list"], title="Survey the nebula")
    client.post("/log/new/", {"title": "Farpoint", "text": "We have arrived."})
    link = client.post("/shorten", {"url": "https://example.com/"}, content_type="application/json")
    client.post("/billing/", shop_form("jean-luc@enterprise.example", "Picard"))
    bill = next(Bill.buyer_index.query("picard"))
    return {
        "token": device["token"],
        "list": device["device"]["list"],
        "code": link.json()["code"],
        "bill": bill,
    }


def assert_picard_is_gone(client, things):
    """What a user would try after deletion: nothing of the account works or shows."""
    assert client.get("/account/")["Location"] == "/login/?next=/account/"
    response = client.post("/login/", {"username": "picard", "password": PASSWORD})
    assert SIGN_IN_FAILED in response.content.decode()
    assert call(client, "GET", "/api/todos/", token=things["token"]).status_code == 401
    assert list(Record.query(user_pk("picard"))) == []
    assert list(LogEntry.query("picard")) == []
    assert item_count(SessionRecord) == 0


def assert_links_and_bills_stay(client, things):
    assert client.get(f"/{things['code']}")["Location"] == "https://example.com/"
    verdict = client.get(f"/billing/verify/{things['bill'].signature}").content.decode()
    assert f"Authentic:</strong> bill {things['bill'].number}" in verdict


def test_deleting_an_account_removes_its_data_and_every_way_in_but_not_links_and_bills(
    client, picards_things
):
    other_browser = signed_in_client()
    for n in range(MANY):
        store = SessionStore()
        store[SESSION_KEY] = "picard"
        store.create()
        entry_create(captain="picard", title=f"Entry {n}", text="Engage.")
        todo_create(user="picard", list_id=picards_things["list"], title=f"Todo {n}")
    with dynamodb_calls() as calls:
        account_delete(user_get(username="picard"))
    assert_picard_is_gone(client, picards_things)
    assert other_browser.get("/todos/")["Location"].startswith("/login/")
    assert_links_and_bills_stay(client, picards_things)
    assert all(operation != "Scan" for operation, _ in calls)
    assert user_record_get(username="picard") is None
    assert UniqueClaim.count("email#jean-luc@enterprise.example") == 0


def test_a_deleted_name_is_never_given_out_again_but_its_email_is(client, picard):
    account_delete(picard)
    taken = {"username": "PICARD", "email": "new@example.com"}
    free = {"username": "Locutus", "email": "jean-luc@enterprise.example"}
    for form, error in ((taken, USERNAME_TAKEN), (free, None)):
        form |= {"password1": PASSWORD, "password2": PASSWORD}
        response = client.post("/signup/", form)
        if error:
            assert error in response.content.decode()
        else:
            assert response.status_code == 302
    assert user_get(username="picard") is None
    assert "My bills" in client.get("/account/").content.decode()  # Locutus, signed in


def test_deleting_a_deleted_account_is_a_no_op(picard, capsys):
    account_delete(picard)
    with dynamodb_calls() as calls:
        account_delete(picard)
        call_command("account_delete", "picard")
    assert [operation for operation, _ in calls] == ["GetItem", "GetItem"]
    assert "picard: no such account, nothing to do." in capsys.readouterr().out


def test_an_orphan_session_of_a_deleted_account_is_anonymous(client, picard):
    """A session the index had not shown yet (it is eventually consistent) survives deletion."""
    assert client.login(username="picard", password=PASSWORD)
    orphan = SessionRecord.get(client.session.session_key)
    account_delete(picard)
    orphan.save()
    assert client.get("/account/")["Location"] == "/login/?next=/account/"


def test_delete_page_asks_for_the_password_then_deletes_and_signs_out(
    client, picards_things, streams, mailoutbox
):
    page = client.get("/account/").content.decode()
    assert 'href="/account/delete/"' in page
    form = client.get("/account/delete/").content.decode()
    for said in (
        "Every entry of the account's log.",
        "Short links made by",
        "Bills bought",
        "csrf",
    ):
        assert said in html.unescape(form)
    wrong = client.post("/account/delete/", {"password": "Make it so"})
    assert PASSWORD_WRONG in wrong.content.decode()
    assert user_get(username="picard") is not None
    assert client.get("/account/").status_code == 200  # still signed in, nothing deleted
    done = client.post("/account/delete/", {"password": PASSWORD}, follow=True)
    assert done.redirect_chain == [("/account/deleted/", 302)]
    assert "Deleting your data is under way" in done.content.decode()
    assert client.get("/account/")["Location"] == "/login/?next=/account/"
    assert [m.subject for m in mailoutbox if m.subject == DELETED_SUBJECT] == []
    streams.drain()  # the background work the request recorded
    assert_picard_is_gone(client, picards_things)
    assert_links_and_bills_stay(client, picards_things)
    deleted_mail = [m for m in mailoutbox if m.subject == DELETED_SUBJECT]
    assert [m.to for m in deleted_mail] == [["jean-luc@enterprise.example"]]


def test_delete_page_refuses_a_post_without_csrf_token(picard):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="picard", password=PASSWORD)
    assert client.post("/account/delete/", {"password": PASSWORD}).status_code == 403
    assert user_get(username="picard") is not None


def test_wrong_passwords_on_the_delete_page_count_toward_the_sign_in_lock_out(signed_in):
    for _ in range(5):
        assert signed_in.post("/account/delete/", {"password": "guess"}).status_code == 200
    assert signed_in.post("/account/delete/", {"password": PASSWORD}).status_code == 429
    assert Client().post("/login/", {"username": "picard", "password": PASSWORD}).status_code == 429
    assert user_get(username="picard") is not None


def test_a_failed_close_leaves_the_account_whole_and_a_closed_one_is_finished_by_the_command(
    client, picards_things, dynamodb_proxy
):
    """Closing and recording the deletion are one transaction: both happen, or neither."""
    other_browser = signed_in_client()
    with dynamodb_proxy.broken("throttle", operation="TransactWriteItems"):
        response = client.post("/account/delete/", {"password": PASSWORD})
    assert response.status_code == 503
    assert client.get("/account/").status_code == 200
    assert item_count(WorkPiece) == 0
    assert client.post("/account/delete/", {"password": PASSWORD}).status_code == 302
    assert other_browser.get("/account/")["Location"] == "/login/?next=/account/"
    assert user_record_get(username="picard").closed_at is not None
    assert Client().post("/signup/", {"username": "picard"}).status_code == 200  # name held
    call_command("account_delete", "picard", "--dry-run")
    assert user_record_get(username="picard") is not None
    call_command("account_delete", "picard")
    assert user_record_get(username="picard") is None
    assert UniqueClaim.count("retired#picard") == 1
    assert_links_and_bills_stay(client, picards_things)


def test_a_failure_before_closing_leaves_the_account_whole(
    client, picards_things, dynamodb_proxy, streams
):
    """Revoking device tokens comes first; if that fails, nothing else has happened."""
    with dynamodb_proxy.broken("throttle", operation="BatchWriteItem"):
        response = client.post("/account/delete/", {"password": PASSWORD})
    assert response.status_code == 503
    assert client.get("/account/").status_code == 200
    assert call(client, "GET", "/api/todos/", token=picards_things["token"]).status_code == 200
    assert item_count(LogEntry) == 1
    assert client.post("/account/delete/", {"password": PASSWORD}).status_code == 302
    streams.drain()
    assert_picard_is_gone(client, picards_things)


def test_a_batch_dynamodb_leaves_unprocessed_fails_like_an_outage(
    client, picards_things, dynamodb_proxy, streams
):
    """DynamoDB throttling part of a batch (UnprocessedItems) is a 503, never a lost write."""
    with dynamodb_proxy.writes_unprocessed():
        response = client.post("/account/delete/", {"password": PASSWORD})
    assert response.status_code == 503
    assert call(client, "GET", "/api/todos/", token=picards_things["token"]).status_code == 200
    assert client.post("/account/delete/", {"password": PASSWORD}).status_code == 302
    streams.drain()
    assert_picard_is_gone(client, picards_things)


def test_concurrent_deletions_of_one_account_all_succeed(client, picards_things):
    errors, start = [], threading.Barrier(6)
    picard = user_get(username="picard")

    def delete():
        start.wait()
        try:
            account_delete(picard)
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=delete) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert item_count(UserRecord) == 0
    assert UniqueClaim.count("retired#picard") == 1
    assert_picard_is_gone(client, picards_things)
