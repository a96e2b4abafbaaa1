"""Twenty people signing up at once for one name: exactly one account, clear errors for the rest."""

import threading

import pytest
from django.test import Client

from apps.accounts.records import UniqueClaim, UserRecord
from apps.accounts.selectors import user_get
from apps.accounts.services import EMAIL_TAKEN, USER_CHANGED, USERNAME_TAKEN, UserChanged
from tests.support.accounts import PASSWORD
from tests.support.dynamodb import item_count

pytestmark = pytest.mark.slow

ATTEMPTS = 20


def sign_up_concurrently(forms: list[dict]) -> list:
    """POST every form from its own client and address, all released at the same moment."""
    responses = [None] * len(forms)
    start = threading.Barrier(len(forms))

    def sign_up(n):
        client = Client()
        start.wait()
        responses[n] = client.post("/signup/", forms[n], REMOTE_ADDR=f"198.51.100.{n}")

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(len(forms))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def form(username, email):
    return {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD}


def test_same_username_concurrently_creates_one_account():
    forms = [
        form("Data" if n % 2 else "DATA", f"data{n}@enterprise.example") for n in range(ATTEMPTS)
    ]
    responses = sign_up_concurrently(forms)
    created = [r for r in responses if r.status_code == 302]
    refused = [r for r in responses if r.status_code == 200]
    assert len(created) == 1
    assert len(refused) == ATTEMPTS - 1
    assert all(USERNAME_TAKEN in r.content.decode() for r in refused)
    assert item_count(UserRecord) == 1
    assert item_count(UniqueClaim) == 1


def test_same_email_with_different_usernames_concurrently_creates_one_account():
    forms = [form(f"lore{n}", "android@enterprise.example") for n in range(ATTEMPTS)]
    responses = sign_up_concurrently(forms)
    assert [r.status_code for r in responses].count(302) == 1
    refused = [r for r in responses if r.status_code == 200]
    assert all(EMAIL_TAKEN in r.content.decode() for r in refused)
    assert item_count(UserRecord) == 1
    assert item_count(UniqueClaim) == 1


def test_concurrent_edits_of_one_account_do_not_overwrite_each_other(picard):
    first, second = user_get(username="picard"), user_get(username="picard")
    first.bio = "Captain."
    first.save()
    second.bio = "Archaeologist."
    with pytest.raises(UserChanged, match=USER_CHANGED):
        second.save()
    assert user_get(username="picard").bio == "Captain."


def test_a_stale_copy_is_refused_after_a_sign_in_elsewhere(picard):
    stale = user_get(username="picard")
    assert Client().login(username="picard", password=PASSWORD)  # sets last_login
    assert user_get(username="picard").version == stale.version + 1
    stale.bio = "Written from an old copy."
    with pytest.raises(UserChanged, match=USER_CHANGED):
        stale.save()
    fresh = user_get(username="picard")
    assert fresh.bio == ""
    assert fresh.last_login is not None


def test_concurrent_sign_ins_of_one_account_all_succeed(picard):
    responses = [None] * 5
    start = threading.Barrier(5)

    def sign_in(n):
        client = Client()
        start.wait()
        data = {"username": "picard", "password": PASSWORD}
        responses[n] = client.post("/login/", data, REMOTE_ADDR=f"198.51.100.{n}")

    threads = [threading.Thread(target=sign_in, args=(n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in responses] == [302] * 5
