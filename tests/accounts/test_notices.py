"""The account's holder is told by email when its password, email address or second factor
changes (a new browser's sign-in: tests/accounts/test_lockout.py)."""

from django.core import mail
from django.test import Client

from tests.support.accounts import PASSWORD, sign_in, staff_create

NEW_PASSWORD = "Make it so, number one 1701"


def test_a_password_change_is_told_with_how_to_react(signed_in):
    response = signed_in.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    [notice] = mail.outbox
    assert notice.to == ["jean-luc@enterprise.example"]
    assert notice.subject.startswith("Your password was changed")
    assert "If it was not you" in notice.body
    assert "http://127.0.0.1:8000/account/password/reset/" in notice.body


def test_an_email_change_is_told_to_the_old_address(signed_in):
    form = {"first_name": "", "last_name": "", "email": "captain@enterprise.example"}
    assert (
        signed_in.post("/account/edit/", {**form, "phone_number": "", "bio": ""}).status_code == 302
    )
    [notice] = mail.outbox
    assert notice.to == ["jean-luc@enterprise.example"]
    assert "to captain@enterprise.example" in notice.body
    assert "change the address back" in notice.body


def test_a_profile_edit_that_changes_neither_sends_nothing(signed_in):
    form = {"first_name": "Jean-Luc", "last_name": "", "email": "jean-luc@enterprise.example"}
    assert (
        signed_in.post("/account/edit/", {**form, "phone_number": "", "bio": ""}).status_code == 302
    )
    assert mail.outbox == []


def test_a_password_set_by_staff_in_the_admin_is_told_too(riker, picard):
    form = {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert riker.post("/admin/accounts/user/Picard/password/", form).status_code == 302
    [notice] = mail.outbox
    assert notice.to == ["jean-luc@enterprise.example"]
    assert notice.subject.startswith("Your password was changed")


def test_a_second_factor_reset_in_the_admin_is_told(riker):
    worf = staff_create("Worf", "worf@enterprise.example", superuser=False)
    client = Client()
    sign_in(client, worf)
    assert (
        riker.post("/admin/accounts/user/Worf/two-factor/", {"action": "reset"}).status_code == 200
    )
    [notice] = mail.outbox
    assert notice.to == ["worf@enterprise.example"]
    assert "turned off by the superuser Riker" in notice.body
    assert client.get("/account/")["Location"].startswith("/login/")  # signed out


def test_a_failed_send_is_logged_and_the_change_stands(signed_in, settings, caplog):
    settings.EMAIL_BACKEND = "tests.support.email.FailingEmailBackend"
    response = signed_in.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert "accounts.notice_failed" in caplog.text
