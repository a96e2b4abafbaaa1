"""Password reset by email: a link with an expiring, single-use token; nothing revealed."""

import re

import pytest
from django.core import mail

from apps.accounts.selectors import user_get
from tests.support.accounts import PASSWORD

SENT = "If an account uses the address you entered"
NEW_PASSWORD = "Number one, you have the bridge 2364"


def request_reset(client, email):
    return client.post("/account/password/reset/", {"email": email}, follow=True)


def reset_link() -> str:
    [message] = mail.outbox
    return re.search(r"https?://[^/]+(/account/reset/\S+/)", message.body).group(1)


def test_reset_email_goes_to_the_stored_address_with_a_link(client, picard):
    response = request_reset(client, "JEAN-LUC@ENTERPRISE.EXAMPLE")
    assert SENT in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["jean-luc@enterprise.example"]
    assert "Reset your password" in message.subject
    assert "/account/reset/" in message.body
    assert "3 hours" in message.body


def test_unknown_address_gets_the_same_answer_and_no_email(client):
    response = request_reset(client, "nobody@nowhere.example")
    assert SENT in response.content.decode()
    assert mail.outbox == []


def test_link_sets_a_new_password_once(client, picard):
    request_reset(client, "jean-luc@enterprise.example")
    link = reset_link()
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_password_url,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Your password is set" in response.content.decode()
    user = user_get(username="picard")
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(PASSWORD)
    again = client.get(link, follow=True)
    assert "This link does not work" in again.content.decode()


def test_forged_token_is_refused(client, picard):
    request_reset(client, "jean-luc@enterprise.example")
    uid = reset_link().split("/")[3]
    response = client.get(
        f"/account/reset/{uid}/cf1-0123456789abcdef0123456789abcdef/", follow=True
    )
    assert "This link does not work" in response.content.decode()
    assert user_get(username="picard").check_password(PASSWORD)


@pytest.mark.parametrize("uid", ["Zm9v", "!!!", "x" * 300, "MQ"])
def test_forged_user_id_is_refused(client, picard, uid):
    response = client.get(f"/account/reset/{uid}/set-password/", follow=True)
    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()


def test_expired_token_is_refused(client, picard, settings, clock):
    request_reset(client, "jean-luc@enterprise.example")
    link = reset_link()
    clock.advance(settings.PASSWORD_RESET_TIMEOUT + 1)
    response = client.get(link, follow=True)
    assert "This link does not work" in response.content.decode()


def test_new_password_must_pass_the_validators(client, picard):
    request_reset(client, "jean-luc@enterprise.example")
    set_password_url = client.get(reset_link(), follow=True).redirect_chain[-1][0]
    response = client.post(set_password_url, {"new_password1": "123", "new_password2": "123"})
    assert "This password is too short" in response.content.decode()
    assert user_get(username="picard").check_password(PASSWORD)


def test_invalid_email_is_a_form_error(client):
    response = client.post("/account/password/reset/", {"email": "not an email"})
    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
    assert mail.outbox == []
