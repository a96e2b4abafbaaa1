"""Sign up, sign in, sign out, profile and password change, through the test client."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from apps.accounts.forms import PASSWORDS_DIFFER, SIGN_IN_FAILED
from apps.accounts.records import UniqueClaim, UserRecord
from apps.accounts.selectors import user_get
from apps.accounts.services import EMAIL_TAKEN, USERNAME_TAKEN
from apps.accounts.validators import USERNAME_INVALID
from tests.support.accounts import PASSWORD, account_create
from tests.support.dynamodb import item_count

SIGN_UP = {
    "username": "Kirk",
    "email": "jim@enterprise.example",
    "password1": "Risk is our business 1701",
    "password2": "Risk is our business 1701",
}


def test_sign_up_creates_the_account_and_signs_in(client):
    response = client.post("/signup/", SIGN_UP, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "Welcome, Kirk! Your account is ready." in response.content.decode()
    user = user_get(username="kirk")
    assert user.email == "jim@enterprise.example"
    assert user.check_password("Risk is our business 1701")
    assert client.session[SESSION_KEY] == "Kirk"


def test_sign_up_page_has_the_form(client):
    response = client.get("/signup/")
    assert response.status_code == 200
    content = response.content.decode()
    for name in ("username", "email", "password1", "password2", "csrfmiddlewaretoken"):
        assert f'name="{name}"' in content


@pytest.mark.parametrize("username", ["Picard", "PICARD", "picard"])
def test_sign_up_with_a_taken_username_in_any_case_is_refused(client, picard, username):
    response = client.post("/signup/", {**SIGN_UP, "username": username})
    assert response.status_code == 200
    assert USERNAME_TAKEN in response.content.decode()
    assert item_count(UserRecord) == 1


def test_sign_up_with_a_taken_email_in_any_case_is_refused(client, picard):
    response = client.post("/signup/", {**SIGN_UP, "email": "Jean-Luc@Enterprise.EXAMPLE"})
    assert EMAIL_TAKEN in response.content.decode()
    assert item_count(UserRecord) == 1
    assert item_count(UniqueClaim) == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("username", "k" * 31, "Ensure this value has at most 30 characters"),
        ("username", "kirk!", "Enter a valid username"),
        ("username", "kirk@enterprise", USERNAME_INVALID),
        ("email", "not-an-email", "Enter a valid email address"),
        ("email", "j" * 250 + "@x.example", "Ensure this value has at most 254 characters"),
        ("password2", "something else entirely", PASSWORDS_DIFFER),
    ],
)
def test_sign_up_with_bad_input_explains_and_writes_nothing(client, field, value, message):
    response = client.post("/signup/", {**SIGN_UP, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert item_count(UserRecord) == 0


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "This password is too short"),
        ("password123", "This password is too common"),
        ("83749201736452", "This password is entirely numeric"),
        ("kirk-enterprise", "too similar to the"),
    ],
)
def test_sign_up_applies_djangos_password_validators(client, password, message):
    response = client.post("/signup/", {**SIGN_UP, "password1": password, "password2": password})
    assert message in response.content.decode()
    assert item_count(UserRecord) == 0


def test_sign_up_follows_next_on_this_site_only(client):
    response = client.post("/signup/?next=/account/", SIGN_UP)
    assert response["Location"] == "/account/"
    other = {**SIGN_UP, "username": "Spock", "email": "spock@vulcan.example"}
    client.post("/logout/")
    response = client.post("/signup/?next=https://evil.example/", other)
    assert response["Location"] == "/"


@pytest.mark.parametrize("login", ["Picard", "picard", "JEAN-LUC@enterprise.example"])
def test_sign_in_by_username_or_email(client, picard, login):
    response = client.post("/login/", {"username": login, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == "Picard"


def test_an_older_username_with_an_at_sign_still_signs_in(client):
    account_create(username="data@soong", email="data@enterprise.example")
    response = client.post("/login/", {"username": "Data@Soong", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == "data@soong"


def test_the_sign_in_error_tells_what_is_case_sensitive_truly(client, picard):
    response = client.post("/login/", {"username": "picard", "password": PASSWORD.upper()})
    assert "The password is case-sensitive; the username and email are not." in (
        response.content.decode()
    )
    assert "Both are case-sensitive" not in response.content.decode()


def test_wrong_password_and_unknown_account_get_the_same_answer(client, picard):
    wrong = client.post("/login/", {"username": "picard", "password": "wrong"})
    unknown = client.post("/login/", {"username": "q", "password": "wrong"})
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert SIGN_IN_FAILED in response.content.decode()
    assert SESSION_KEY not in client.session


def test_inactive_account_cannot_sign_in_and_is_not_revealed(client, picard):
    picard.is_active = False
    picard.save()
    response = client.post("/login/", {"username": "picard", "password": PASSWORD})
    assert SIGN_IN_FAILED in response.content.decode()


def test_sign_in_follows_next_on_this_site_only(client, picard):
    response = client.post(
        "/login/?next=/account/", {"username": "picard", "password": PASSWORD, "next": "/account/"}
    )
    assert response["Location"] == "/account/"
    client.post("/logout/")
    evil = "https://evil.example/steal"
    response = client.post("/login/", {"username": "picard", "password": PASSWORD, "next": evil})
    assert response["Location"] == "/"


def test_sign_out_is_post_only_and_says_so(signed_in):
    response = signed_in.post("/logout/", follow=True)
    assert "You are signed out." in response.content.decode()
    assert SESSION_KEY not in signed_in.session


def test_sign_out_by_address_asks_first_and_signs_out_only_on_post(signed_in):
    page = signed_in.get("/logout/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "You are signed in as <strong>Picard</strong>." in content
    assert '<form method="post" class="stacked" action="/logout/">' in content
    assert '<button type="submit">Sign out</button>' in content
    assert SESSION_KEY in signed_in.session
    signed_in.post("/logout/")
    assert "You are not signed in." in signed_in.get("/logout/").content.decode()


def test_pages_that_need_an_account_send_to_login_and_back(client, picard):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/account/"
    response = client.post(
        response["Location"], {"username": "picard", "password": PASSWORD, "next": "/account/"}
    )
    assert response["Location"] == "/account/"


def test_navigation_shows_who_is_signed_in_and_their_pages(client, signed_in):
    content = signed_in.get("/").content.decode()
    assert '<span class="account-name">Picard</span>' in content
    assert "Signed in as <strong>Picard</strong>" in content
    for link in ('href="/account/">Your account</a>', 'href="/shorten/mine/">My links</a>'):
        assert link in content
    assert "Sign out" in content
    assert "Admin</a>" not in content


def test_navigation_offers_sign_in_and_sign_up_to_visitors(client):
    content = client.get("/").content.decode()
    assert 'href="/login/"' in content
    assert 'href="/signup/"' in content


def test_profile_shows_the_tutorials_fields(signed_in):
    picard = user_get(username="picard")  # as stored after signing in
    picard.first_name, picard.last_name = "Jean-Luc", "Picard"
    picard.phone_number, picard.bio = "+33 1 1701", "Captain of the Enterprise."
    picard.save()
    content = signed_in.get("/account/").content.decode()
    for text in ("Jean-Luc Picard", "jean-luc@enterprise.example", "+33 1 1701", "Captain of the"):
        assert text in content


def test_profile_edit_saves_and_moves_the_email_claim(signed_in):
    response = signed_in.post(
        "/account/edit/",
        {
            "first_name": "Jean-Luc",
            "last_name": "Picard",
            "email": "captain@enterprise.example",
            "phone_number": "+33 1 1701",
            "bio": "Make it so.",
        },
        follow=True,
    )
    assert "Your profile is saved." in response.content.decode()
    user = user_get(username="picard")
    assert (user.first_name, user.email, user.bio) == (
        "Jean-Luc",
        "captain@enterprise.example",
        "Make it so.",
    )
    assert [c.claim for c in UniqueClaim.scan()] == ["email#captain@enterprise.example"]


def test_profile_edit_refuses_an_email_another_account_holds(signed_in):
    client_kirk_email = "jim@enterprise.example"
    from apps.accounts.services import user_create

    user_create(username="kirk", email=client_kirk_email, password=PASSWORD)
    response = signed_in.post("/account/edit/", {"email": client_kirk_email.upper()})
    assert EMAIL_TAKEN in response.content.decode()
    assert user_get(username="picard").email == "jean-luc@enterprise.example"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("bio", "x" * 2001, "at most 2000 characters"),
        ("first_name", "x" * 151, "at most 150 characters"),
        ("phone_number", "call me maybe", "Use digits, spaces and + - ( ) only."),
        ("email", "", "This field is required."),
    ],
)
def test_profile_edit_with_bad_input_explains_and_keeps_the_profile(
    signed_in, field, value, message
):
    form = {"email": "jean-luc@enterprise.example", field: value}
    response = signed_in.post("/account/edit/", form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert user_get(username="picard").bio == ""


def test_password_change_keeps_the_session_and_replaces_the_password(signed_in):
    response = signed_in.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Engage, number one 2364",
            "new_password2": "Engage, number one 2364",
        },
        follow=True,
    )
    assert "Password changed" in response.content.decode()
    assert signed_in.get("/account/").status_code == 200
    user = user_get(username="picard")
    assert user.check_password("Engage, number one 2364")
    assert not user.check_password(PASSWORD)


def test_password_change_with_a_wrong_old_password_changes_nothing(signed_in):
    response = signed_in.post(
        "/account/password/",
        {"old_password": "nope", "new_password1": "Engage 2364!", "new_password2": "Engage 2364!"},
    )
    assert "Your old password was entered incorrectly" in response.content.decode()
    assert user_get(username="picard").check_password(PASSWORD)


def test_password_change_signs_out_other_sessions(signed_in, picard):
    from django.test import Client

    other = Client()
    assert other.login(username="picard", password=PASSWORD)
    signed_in.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Engage 2364!x",
            "new_password2": "Engage 2364!x",
        },
    )
    assert other.get("/account/").status_code == 302


def signup_form(key="k" * 32):
    return {
        "username": "Data",
        "email": "data@enterprise.example",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "idempotency_key": key,
    }


def test_the_signup_form_carries_an_idempotency_key(client):
    content = client.get("/signup/").content.decode()
    assert 'type="hidden" name="idempotency_key"' in content


def test_a_signup_sent_twice_makes_one_account_and_signs_in_both_times(client):
    assert client.post("/signup/", signup_form()).status_code == 302
    again = Client().post("/signup/", signup_form(), REMOTE_ADDR="198.51.100.9")
    assert again.status_code == 302
    assert item_count(UserRecord) == 1
    assert item_count(UniqueClaim) == 1


def test_another_form_for_a_taken_name_is_still_refused(client):
    client.post("/signup/", signup_form("a" * 32))
    response = Client().post("/signup/", signup_form("b" * 32), REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 200
    assert USERNAME_TAKEN in response.content.decode()


def test_a_signup_that_committed_behind_a_503_succeeds_when_sent_again(client, dynamodb_proxy):
    # Every answer to the sign-up's transaction is lost: DynamoDB committed it,
    # the site heard nothing and answered 503. The user sends the form again.
    with dynamodb_proxy.answers_lost(3, "TransactWriteItems"):
        assert client.post("/signup/", signup_form()).status_code == 503
    assert item_count(UserRecord) == 1
    response = client.post("/signup/", signup_form())
    assert response.status_code == 302
    assert item_count(UserRecord) == 1
