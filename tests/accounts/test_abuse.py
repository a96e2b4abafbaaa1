"""Sign-in, sign-up and password reset are rate limited, and say when to try again."""

import json
import re

import pytest
from django.contrib.auth import SESSION_KEY, authenticate
from django.core import mail

from apps.accounts.limits import SignInLocked
from tests.support.accounts import PASSWORD, account_create


@pytest.fixture(autouse=True)
def tight_limits(settings):
    settings.SIGNIN_RATE_PER_LOGIN = "3/5m"
    settings.SIGNIN_RATE_PER_IP = "5/5m"
    settings.SIGNUP_RATE_PER_IP = "2/h"
    settings.EMAIL_CHANGE_RATE_PER_USER = "2/h"
    settings.PASSWORD_RESET_RATE_PER_EMAIL = "2/h"
    settings.PASSWORD_RESET_RATE_PER_IP = "4/h"


def sign_in(client, username, password="wrong", ip="198.51.100.1"):  # noqa: S107
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_sign_in_is_limited_per_username_in_any_case(client, picard):
    statuses = [
        sign_in(client, name, ip=f"198.51.100.{n}").status_code
        for n, name in enumerate(["picard", "PICARD", "Picard", "picard"])
    ]
    assert statuses == [200, 200, 200, 429]


def test_the_limit_answers_429_with_retry_after_and_says_when(client, picard):
    for _ in range(3):
        sign_in(client, "picard")
    response = sign_in(client, "picard", password=PASSWORD)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 300
    content = response.content.decode()
    assert "Too many sign-in attempts" in content
    assert "Please wait" in content
    assert "UTC" in content
    assert "_auth_user_id" not in client.session


def admin_sign_in(client, username, password="wrong", ip="198.51.100.1"):  # noqa: S107
    form = {"username": username, "password": password, "next": "/admin/"}
    return client.post("/admin/login/?next=/admin/", form, REMOTE_ADDR=ip)


@pytest.fixture
def riker():
    return account_create(
        username="Riker", email="riker@enterprise.example", is_staff=True, is_superuser=True
    )


def test_the_admin_login_is_limited_too(client, riker):
    statuses = [admin_sign_in(client, "riker", ip=f"192.0.2.{n}").status_code for n in range(3)]
    response = admin_sign_in(client, "riker", password=PASSWORD, ip="192.0.2.9")
    assert statuses == [200, 200, 200]
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 300
    assert "Too many sign-in attempts" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_the_admin_login_and_the_sign_in_page_share_one_lock_out(client, riker):
    for n in range(2):
        admin_sign_in(client, "riker", ip=f"192.0.2.{n}")
    sign_in(client, "RIKER", ip="192.0.2.7")
    assert admin_sign_in(client, "riker", password=PASSWORD, ip="192.0.2.8").status_code == 429
    assert sign_in(client, "riker", password=PASSWORD, ip="192.0.2.9").status_code == 429


def test_any_door_that_calls_authenticate_shares_the_lock_out(rf, picard):
    for n in range(3):
        request = rf.post("/api/token", REMOTE_ADDR=f"203.0.113.{n}")
        assert authenticate(request, username="picard", password="wrong") is None
    with pytest.raises(SignInLocked):
        authenticate(rf.post("/api/token"), username="picard", password=PASSWORD)


@pytest.mark.parametrize("padded", [" picard", "picard ", "\tpicard", "PICARD\n"])
def test_padding_a_username_gets_no_fresh_count(client, picard, padded):
    statuses = [sign_in(client, padded, ip=f"198.51.100.{n}").status_code for n in range(3)]
    assert statuses == [200, 200, 200]
    assert sign_in(client, "picard", password=PASSWORD, ip="198.51.100.9").status_code == 429
    assert sign_in(client, padded, password=PASSWORD, ip="198.51.100.10").status_code == 429
    assert SESSION_KEY not in client.session


def test_username_and_email_of_one_account_share_one_count(client, picard):
    sign_in(client, "jean-luc@enterprise.example", ip="198.51.100.1")
    sign_in(client, " Jean-Luc@Enterprise.example", ip="198.51.100.2")
    sign_in(client, "picard", ip="198.51.100.3")
    response = sign_in(client, "jean-luc@enterprise.example", password=PASSWORD, ip="198.51.100.4")
    assert response.status_code == 429


def test_right_passwords_do_not_count_toward_the_lock_out(client, picard):
    for n in range(6):
        response = sign_in(client, "picard", password=PASSWORD, ip=f"198.51.100.{n}")
        assert response.status_code == 302
        client.post("/logout/")
    sign_in(client, "picard", ip="198.51.100.20")
    sign_in(client, "picard", ip="198.51.100.21")
    assert sign_in(client, "picard", password=PASSWORD, ip="198.51.100.22").status_code == 302


def test_a_password_reset_lifts_the_lock_out(client, picard):
    for n in range(4):
        sign_in(client, "picard", ip=f"198.51.100.{n}")
    client.post("/account/password/reset/", {"email": "jean-luc@enterprise.example"})
    link = re.search(r"https?://[^/]+(/account/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new = "Make it so, number one 2364"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    assert sign_in(client, "picard", password=new, ip="198.51.100.30").status_code == 302


def test_email_changes_are_limited_per_account(signed_in):
    def change(n):
        form = {"email": f"captain{n}@enterprise.example", "first_name": "", "last_name": ""}
        return signed_in.post("/account/edit/", form, REMOTE_ADDR=f"192.0.2.{n}").status_code

    statuses = [change(n) for n in range(3)]
    assert statuses == [302, 302, 429]
    same = {"email": "CAPTAIN1@enterprise.example", "first_name": "Jean-Luc"}
    assert signed_in.post("/account/edit/", same).status_code == 302


def test_sign_in_is_limited_per_address_across_usernames(client):
    statuses = [sign_in(client, f"user{n}").status_code for n in range(6)]
    assert statuses == [200] * 5 + [429]
    assert sign_in(client, "user9", ip="198.51.100.99").status_code == 200


def test_unknown_and_known_usernames_are_limited_alike(client, picard):
    known = [sign_in(client, "picard", ip=f"203.0.113.{n}").status_code for n in range(4)]
    unknown = [sign_in(client, "nobody", ip=f"203.0.113.{n + 10}").status_code for n in range(4)]
    assert known == unknown == [200, 200, 200, 429]


def test_the_source_address_comes_from_api_gateway_not_x_forwarded_for(client):
    event = {"requestContext": {"http": {"sourceIp": "192.0.2.50"}}}
    for n in range(5):
        client.post(
            "/login/",
            {"username": f"u{n}", "password": "x"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
            **{"lambda.event": event},
        )
    response = client.post(
        "/login/",
        {"username": "u9", "password": "x"},
        HTTP_X_FORWARDED_FOR="10.9.9.9",
        **{"lambda.event": event},
    )
    assert response.status_code == 429


def test_sign_up_is_limited_per_address(client):
    def sign_up(n):
        form = {
            "username": f"cadet{n}",
            "email": f"cadet{n}@academy.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
        }
        client.post("/logout/")
        return client.post("/signup/", form, REMOTE_ADDR="198.51.100.7").status_code

    assert [sign_up(n) for n in range(3)] == [302, 302, 429]


def test_password_reset_is_limited_per_email_whether_or_not_it_exists(client, picard):
    def reset(email, ip):
        return client.post("/account/password/reset/", {"email": email}, REMOTE_ADDR=ip).status_code

    known = [reset("jean-luc@enterprise.example", f"192.0.2.{n}") for n in range(3)]
    unknown = [reset("nobody@nowhere.example", f"192.0.2.{n + 10}") for n in range(3)]
    assert known == unknown == [302, 302, 429]
    assert len(mail.outbox) == 2


def test_api_style_limits_answer_json(rf):
    from apps.core.http.ratelimit import too_many_requests

    response = too_many_requests(rf.post("/api/anything"), 42, "requests")
    assert response.status_code == 429
    assert response["Retry-After"] == "42"
    assert b'"retry_after": 42' in response.content


def test_a_lock_out_under_api_answers_json_429(rf):
    from apps.accounts.middleware import SignInLockedMiddleware

    middleware = SignInLockedMiddleware(get_response=None)
    response = middleware.process_exception(rf.post("/api/token"), SignInLocked(42))
    assert response.status_code == 429
    assert response["Retry-After"] == "42"
    body = json.loads(response.content)
    assert body["error"] == "Too many sign-in attempts. Try again in 42 seconds."
