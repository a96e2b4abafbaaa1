"""Only superusers change staff: every door of the user admin, as a staff member and as a superuser.

Troi is staff holding every permission on users (view, add, change, delete);
Riker is a superuser; Worf is another staff member; Picard an ordinary user.
"""

import pytest
from django.test import Client

from apps.accounts.selectors import user_get
from apps.accounts.services import user_save
from tests.accounts.test_admin import USERS, change_form
from tests.support.accounts import PASSWORD, account_create, sign_in, staff_create

USER_PERMISSIONS = {f"accounts.{action}_user" for action in ("view", "add", "change", "delete")}
NEW_PASSWORD = "Imzadi 2364 x!"


@pytest.fixture
def troi(picard, riker):
    """A client signed in as Troi, staff with every permission on users (Riker exists too)."""
    user = staff_create("Troi", "troi@enterprise.example", superuser=False)
    stored = user_get(username="troi")
    stored.permissions = frozenset(USER_PERMISSIONS)
    user_save(stored)
    staff_create("Worf", "worf@enterprise.example", superuser=False)
    client = Client()
    sign_in(client, user)
    return client


STAFF_RECORDS = ("riker", "worf", "troi")  # a superuser, another staff member, herself


@pytest.mark.parametrize("target", STAFF_RECORDS)
def test_staff_cannot_open_or_post_the_change_form_of_staff(troi, riker, target):
    before = user_get(username=target)
    data = change_form(riker, target)  # what the form holds, read by a superuser
    assert troi.get(f"{USERS}{target}/change/").status_code == 403
    data.update(email="taken-over@example.com", first_name="Q")
    data.pop("is_active", None)  # unticking "active" too
    assert troi.post(f"{USERS}{target}/change/", data).status_code == 403
    after = user_get(username=target)
    assert (after.email, after.first_name, after.is_active) == (before.email, "", True)


@pytest.mark.parametrize("target", STAFF_RECORDS)
def test_staff_cannot_set_the_password_of_staff(troi, target, client):
    form = {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert troi.get(f"{USERS}{target}/password/").status_code == 403
    assert troi.post(f"{USERS}{target}/password/", form).status_code == 403
    assert user_get(username=target).check_password(PASSWORD)
    assert not user_get(username=target).check_password(NEW_PASSWORD)


@pytest.mark.parametrize("target", STAFF_RECORDS)
def test_staff_cannot_delete_staff(troi, target):
    assert troi.get(f"{USERS}{target}/delete/").status_code == 403
    assert troi.post(f"{USERS}{target}/delete/", {"post": "yes"}).status_code == 403
    assert user_get(username=target) is not None


@pytest.mark.parametrize("target", STAFF_RECORDS)
def test_staff_cannot_read_the_history_of_staff(troi, target):
    assert troi.get(f"{USERS}{target}/history/").status_code == 403


def test_staff_cannot_bulk_delete_a_selection_holding_staff(troi):
    chosen = {"action": "delete_selected", "_selected_action": ["Picard", "Riker"]}
    confirm = troi.post(USERS, {**chosen, "index": "0"})
    assert confirm.status_code == 200
    assert "user Riker" in confirm.content.decode()  # listed as not theirs to delete
    assert troi.post(USERS, {**chosen, "post": "yes"}).status_code == 403
    assert user_get(username="riker") is not None
    assert user_get(username="picard") is not None  # nothing of the selection went


def test_staff_add_form_never_makes_staff(troi):
    form = {
        "username": "Barclay",
        "email": "barclay@enterprise.example",
        "usable_password": "true",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "is_staff": "on",
        "is_superuser": "on",
        "permissions": sorted(USER_PERMISSIONS),
    }
    assert troi.post(f"{USERS}add/", form)["Location"] == f"{USERS}Barclay/change/"
    barclay = user_get(username="barclay")
    assert not barclay.is_staff
    assert not barclay.is_superuser
    assert barclay.permissions == frozenset()


def test_staff_manage_ordinary_users_on_every_door(troi, riker):
    data = change_form(troi, "picard")
    data.update(email="captain@enterprise.example")
    assert troi.post(f"{USERS}picard/change/", data)["Location"] == USERS
    assert user_get(username="picard").email == "captain@enterprise.example"
    form = {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert troi.post(f"{USERS}picard/password/", form).status_code == 302
    assert user_get(username="picard").check_password(NEW_PASSWORD)
    assert troi.get(f"{USERS}picard/history/").status_code == 200
    account_create("Worf2", "worf2@enterprise.example")
    chosen = {"action": "delete_selected", "_selected_action": ["Worf2"], "post": "yes"}
    assert troi.post(USERS, chosen).status_code == 302
    assert user_get(username="worf2") is None
    assert troi.post(f"{USERS}picard/delete/", {"post": "yes"})["Location"] == USERS
    assert user_get(username="picard") is None


def test_a_superuser_manages_staff_on_every_door(troi, riker):
    data = change_form(riker, "worf")
    data.update(email="worf@klingon.example")
    assert riker.post(f"{USERS}worf/change/", data)["Location"] == USERS
    assert user_get(username="worf").email == "worf@klingon.example"
    form = {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert riker.post(f"{USERS}troi/password/", form).status_code == 302
    assert user_get(username="troi").check_password(NEW_PASSWORD)
    assert riker.get(f"{USERS}worf/history/").status_code == 200
    own = change_form(riker, "riker")
    own.update(first_name="William")
    assert riker.post(f"{USERS}riker/change/", own)["Location"] == USERS
    assert user_get(username="riker").first_name == "William"
    chosen = {"action": "delete_selected", "_selected_action": ["Worf"], "post": "yes"}
    assert riker.post(USERS, chosen).status_code == 302
    assert user_get(username="worf") is None
    assert riker.post(f"{USERS}troi/delete/", {"post": "yes"})["Location"] == USERS
    assert user_get(username="troi") is None


def test_staff_cannot_raise_an_ordinary_users_powers(troi):
    """The flags and permissions are read-only to staff: what the POST adds is dropped."""
    data = change_form(troi, "picard")
    data.update(is_staff="on", is_superuser="on", permissions=sorted(USER_PERMISSIONS))
    data.update(first_name="Jean-Luc")
    assert troi.post(f"{USERS}picard/change/", data)["Location"] == USERS
    picard = user_get(username="picard")
    assert picard.first_name == "Jean-Luc"  # the change itself went through
    assert (picard.is_staff, picard.is_superuser, picard.permissions) == (False, False, frozenset())
