"""Deleting an account (apps.accounts.services.account_delete, which calls the hook the
AppConfig names): its dwipps, marks, follows and reports go; others' counts stay exact; the
pages that ask first say so."""

import html

from django.test import Client

from apps.accounts.selectors import user_get
from apps.accounts.services import account_delete
from apps.dwipper.models import Dwipp, Report, Social
from apps.dwipper.selectors import dwipp_get, profile_state
from apps.dwipper.services import (
    favourite_toggle,
    follow_set,
    report_create,
    upvote_toggle,
    user_data_delete,
)
from tests.dwipper.conftest import post_as
from tests.support.accounts import PASSWORD, account_create, sign_in, staff_create
from tests.support.dynamodb_calls import dynamodb_calls


def test_deleting_a_users_data_leaves_nothing_of_theirs_and_exact_counts(picard, riker, streams):
    worf = account_create("Worf", "worf@enterprise.example")
    theirs = [post_as("Picard", "Make it so"), post_as("Picard", "Engage")]
    other = post_as("Riker", "Number One")
    for user in ("riker", "worf"):
        upvote_toggle(user=user, dwipp_id=theirs[0].dwipp_id, on=True)
        favourite_toggle(user=user, dwipp_id=theirs[1].dwipp_id, on=True)
        follow_set(follower=user, followee="picard", on=True)
    upvote_toggle(user="picard", dwipp_id=other.dwipp_id, on=True)
    upvote_toggle(user="worf", dwipp_id=other.dwipp_id, on=True)
    favourite_toggle(user="picard", dwipp_id=other.dwipp_id, on=True)
    follow_set(follower="picard", followee="riker", on=True)
    follow_set(follower="worf", followee="riker", on=True)
    report_create(reporter="picard", dwipp_id=other.dwipp_id, reason="too cheerful")
    report_create(reporter="riker", dwipp_id=theirs[0].dwipp_id)

    user = user_get(username="Picard")
    with dynamodb_calls() as calls:
        account_delete(user)
        streams.drain()  # the clean-up of the records about Picard's dwipps
    assert "Scan" not in {operation for operation, _ in calls}
    assert user_get(username="Picard") is None

    assert [d.dwipp_id for d in Dwipp.scan() if not d.deleted] == [other.dwipp_id]
    tombstones = [d for d in Dwipp.scan() if d.deleted]
    assert sorted(d.dwipp_id for d in tombstones) == sorted(d.dwipp_id for d in theirs)
    assert {(d.author, d.author_name, d.text) for d in tombstones} == {(None, None, None)}
    remaining = dwipp_get(other.dwipp_id)
    assert (remaining.upvotes, remaining.favourites) == (1, 0)
    assert profile_state(author="riker", viewer=None).followers == 1
    assert profile_state(author="riker", viewer=None).following == 0
    assert profile_state(author="worf", viewer=None).following == 1
    assert not [r for r in Social.scan() if "picard" in (r.PK + r.SK + (r.author or ""))]
    assert not [r for r in Social.scan() if r.dwipp_ref in {d.dwipp_id for d in theirs}]
    assert [(r.dwipp_id, r.reporter) for r in Report.scan()] == []
    assert worf is not None

    before = sorted((r.PK, r.SK) for r in Social.scan())
    assert user_data_delete(user, 100)  # again (a deletion cut short): nothing left to do
    assert sorted((r.PK, r.SK) for r in Social.scan()) == before


def test_the_app_config_names_the_hook():
    from django.apps import apps

    config = apps.get_app_config("dwipper")
    assert config.user_data_delete == "apps.dwipper.services.user_data_delete"


DWIPPER_DELETES = (
    "The account's dwipps and replies, upvotes and favourites (the counts they added go "
    "down), whom it follows and who follows it, its notifications and its reports; "
    "others' @mentions of it stay, as plain text without a link."
)


def test_the_delete_page_says_what_goes_from_dwipper_and_deleting_takes_it(
    client, picard, riker, streams
):
    post_as("Picard", "Make it so")
    other = post_as("Riker", "Number One")
    upvote_toggle(user="picard", dwipp_id=other.dwipp_id, on=True)
    follow_set(follower="picard", followee="riker", on=True)
    assert client.login(username="picard", password=PASSWORD)
    form = html.unescape(client.get("/account/delete/").content.decode())
    assert f"<li><strong>Dwipper:</strong> {DWIPPER_DELETES}</li>" in form
    assert client.post("/account/delete/", {"password": PASSWORD}).status_code == 302
    streams.drain()
    feed = Client().get("/dwipper/").content.decode()
    assert "Make it so" not in feed
    assert "Number One" in feed
    assert "<strong>0</strong> followers" in Client().get("/dwipper/u/riker/").content.decode()
    assert dwipp_get(other.dwipp_id).upvotes == 0


def test_the_admin_confirms_what_goes_from_dwipper_before_deleting_a_user(client, picard, streams):
    data = staff_create("Data", "data@enterprise.example")
    post_as("Picard", "Make it so")
    sign_in(client, data)
    confirm = html.unescape(client.get("/admin/accounts/user/Picard/delete/").content.decode())
    assert f"Dwipper: {DWIPPER_DELETES}" in confirm
    assert client.post("/admin/accounts/user/Picard/delete/", {"post": "yes"}).status_code == 302
    streams.drain()
    assert "Make it so" not in client.get("/dwipper/").content.decode()
