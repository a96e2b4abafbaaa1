"""Sign-in, sign-up and password reset are rate limited, and say when to try again."""

import pytest
from django.core import mail

from tests.support.accounts import PASSWORD


@pytest.fixture(autouse=True)
def tight_limits(settings):
    settings.SIGNIN_RATE_PER_LOGIN = "3/5m"
    settings.SIGNIN_RATE_PER_IP = "5/5m"
    settings.SIGNUP_RATE_PER_IP = "2/h"
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
    from apps.core.ratelimit import too_many_requests

    response = too_many_requests(rf.post("/api/anything"), 42, "requests")
    assert response.status_code == 429
    assert response["Retry-After"] == "42"
    assert b'"retry_after": 42' in response.content
