"""Accounts the tests sign in with, staff with their second factor."""

import time

PASSWORD = "Tea, Earl Grey, hot 1701"
STEP = 30  # seconds of one code (RFC 6238)

_last_step: dict[str, int] = {}  # secret -> the last step a test took a code of
_secrets: dict[str, str] = {}  # username key -> the secret of the factor a test enrolled


def account_create(username: str = "Picard", email: str = "jean-luc@enterprise.example", **extra):
    from apps.accounts.services import user_create

    return user_create(username=username, email=email, password=PASSWORD, **extra)


def code_at_step(secret: str, step: int) -> str:
    import pyotp

    return pyotp.TOTP(secret).generate_otp(step)


def next_code(secret: str) -> str:
    """A code the site takes now: of the current step, or the next one (its drift allows
    one) when this test has used the current step's already."""
    now = int(time.time()) // STEP
    step = max(now, _last_step.get(secret, now - 1) + 1)
    assert step <= now + 1, "a third code within one step: the site refuses it"
    _last_step[secret] = step
    return code_at_step(secret, step)


def factor_enrol(user) -> str:
    """Turn two-factor sign-in on for ``user`` (as enrolment does); its secret."""
    from apps.accounts import otp
    from apps.accounts.factors import enrol_confirm
    from apps.accounts.selectors import username_key

    nonce = otp.nonce_new()
    secret = otp.factor_secret(username_key(user.username), nonce)
    # The step before, so the sign-in can take this one's. It is one step of drift from now
    # only until the next 30 s boundary: a boundary passed while confirming (a wrong code
    # writes nothing) is met by trying again with the step before the new one.
    for _ in range(2):
        step = int(time.time()) // STEP - 1
        if enrol_confirm(user, nonce=nonce, code=code_at_step(secret, step), link_nonce=None):
            break
    else:
        raise AssertionError("enrolment refused the code of the step before now twice")
    _last_step[secret] = step
    _secrets[username_key(user.username)] = user.factor_secret = secret
    return secret


def factor_secret(username: str) -> str | None:
    """The secret of the factor this run enrolled for ``username``, if any."""
    from apps.accounts.selectors import username_key

    return _secrets.get(username_key(username))


def staff_create(username="Riker", email="riker@enterprise.example", superuser=True, **extra):
    """A staff member (a superuser unless told) with a second factor (``.factor_secret``)."""
    from django.core import mail

    user = account_create(username, email, is_staff=True, is_superuser=superuser, **extra)
    factor_enrol(user)
    mail.outbox.clear()  # the enrolment's notice
    return user


def sign_in(client, user, *, password: str = PASSWORD, **extra):
    """Sign in through the site's doors: the password, then the code if the account has one.

    The emails the sign-in sends (a new browser) are cleared. Returns the last response.
    """
    from django.core import mail

    response = client.post("/login/", {"username": user.username, "password": password}, **extra)
    assert response.status_code == 302, response.content.decode()[:2000]
    secret = factor_secret(user.username)
    if response["Location"].startswith("/login/code/"):
        response = client.post(response["Location"], {"code": next_code(secret)}, **extra)
        assert response.status_code == 302, response.content.decode()[:2000]
    assert client.session.get("_auth_user_id") == user.username, "not signed in as the user"
    mail.outbox.clear()
    return response
