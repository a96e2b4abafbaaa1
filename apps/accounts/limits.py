"""How often people may try to sign in, sign up and ask for password resets.

Counted in the DynamoDB cache, so the limits hold across Lambda containers.
Limits per username or email apply whether or not an account exists, so they
reveal nothing.
"""

from django.conf import settings

from apps.accounts.selectors import email_claim, username_key
from apps.core.ratelimit import client_ip, limit_exceeded


def _posted_login(group, request) -> str:
    return username_key(request.POST.get("username", "")[:254])


def _posted_email(group, request) -> str:
    return email_claim(request.POST.get("email", "")[:254])


def _longest_wait(request, limits) -> int | None:
    """Count the request against every limit; the longest wait among those exceeded."""
    waits = [limit_exceeded(request, group=g, key=k, rate=r) for g, k, r in limits]
    return max((wait for wait in waits if wait), default=None)


def signin_limit_exceeded(request) -> int | None:
    return _longest_wait(
        request,
        [
            ("signin-login", _posted_login, settings.SIGNIN_RATE_PER_LOGIN),
            ("signin-ip", client_ip, settings.SIGNIN_RATE_PER_IP),
        ],
    )


def signup_limit_exceeded(request) -> int | None:
    return _longest_wait(request, [("signup-ip", client_ip, settings.SIGNUP_RATE_PER_IP)])


def reset_limit_exceeded(request) -> int | None:
    return _longest_wait(
        request,
        [
            ("reset-email", _posted_email, settings.PASSWORD_RESET_RATE_PER_EMAIL),
            ("reset-ip", client_ip, settings.PASSWORD_RESET_RATE_PER_IP),
        ],
    )
