"""How often people may try passwords, sign up, change their email and ask for resets.

Counted in the DynamoDB cache, so the limits hold across Lambda containers.
Limits per username or email apply whether or not an account exists, so they
reveal nothing.

Every door that takes a password (the sign-in page, the admin's login, an API
that trades a password for a token) goes through Django's ``authenticate()``,
whose backend (apps.accounts.backends) counts each check here with
``password_attempt_begin``: one lock-out for all of them. A view that checks a
password without ``authenticate()`` must call it too. ``SignInLocked``
propagates out of ``authenticate()`` and ``SignInLockedMiddleware`` answers it
with the 429 page (JSON under /api/).
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django_ratelimit.core import _split_rate

from apps.accounts.selectors import email_claim, username_key
from apps.core.forms import EMAIL_MAX_LENGTH
from apps.core.http.ratelimit import client_ip, limit_exceeded

SIGNIN_WHAT = "sign-in attempts"
UNTIL = ":until"  # suffix of the key holding when a counter's period ends


class SignInLocked(Exception):
    """Too many failed password checks: wait ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many {SIGNIN_WHAT}; retry after {retry_after} s.")
        self.retry_after = retry_after


@dataclass
class PasswordAttempt:
    """One counted password check; a right password takes its count back."""

    counters: list[str]

    def succeeded(self) -> None:
        for counter in self.counters:
            with contextlib.suppress(ValueError):  # gone meanwhile: nothing to take back
                cache.decr(counter)


def signin_account(login: str, user=None) -> str:
    """The lock-out key of a sign-in: the account authentication resolves, found or not.

    Padding, case and username-or-email all lead to one key per account.
    """
    if user is not None:
        return "user:" + username_key(user.username)
    login = login.strip()
    return email_claim(login) if "@" in login else "user:" + username_key(login)


def password_attempt_begin(request, *, account: str) -> PasswordAttempt:
    """Count a password check against the account's and the address's limits.

    Raises SignInLocked when either is exceeded. Counting before the check (and
    taking a success back) keeps a burst of parallel guesses from slipping past.
    """
    limits = [("signin-account", account, settings.SIGNIN_RATE_PER_LOGIN)]
    if request is not None:
        limits.append(("signin-ip", client_ip("signin-ip", request), settings.SIGNIN_RATE_PER_IP))
    counted = [_count(group, value, rate) for group, value, rate in limits]
    waits = [wait for _, wait in counted if wait]
    if waits:
        raise SignInLocked(max(waits))
    return PasswordAttempt([counter for counter, _ in counted])


def signin_lockout_lift(user) -> None:
    """A password reset proves the owner: let them sign in at once."""
    counter = _counter("signin-account", signin_account("", user))
    cache.delete_many([counter, counter + UNTIL])


def _counter(group: str, value: str) -> str:
    return f"limit:{group}:{hashlib.sha256(value.encode()).hexdigest()}"


def _count(group: str, value: str, rate: str) -> tuple[str, int | None]:
    """Add one to a counter; its key, and the seconds to wait when over the limit.

    A count lives ``period`` seconds from its first attempt (the cache entry's
    timeout), so no clock boundary hands out a fresh allowance.
    """
    allowed, period = _split_rate(rate)
    counter = _counter(group, value)
    count = _incr(counter, period)
    if count <= allowed:
        return counter, None
    until = cache.get(counter + UNTIL, time.time() + period)
    return counter, max(1, math.ceil(until - time.time()))


def _incr(counter: str, period: int) -> int:
    while True:
        if cache.add(counter, 0, timeout=period):
            cache.set(counter + UNTIL, time.time() + period, timeout=period)
        with contextlib.suppress(ValueError):  # expired between add and incr: start anew
            return cache.incr(counter)


def _posted_email(group, request) -> str:
    return email_claim(request.POST.get("email", "")[:EMAIL_MAX_LENGTH])


def _signed_in_user(group, request) -> str:
    return username_key(request.user.username)


def _longest_wait(request, limits) -> int | None:
    """Count the request against every limit; the longest wait among those exceeded."""
    waits = [limit_exceeded(request, group=g, key=k, rate=r) for g, k, r in limits]
    return max((wait for wait in waits if wait), default=None)


def signup_limit_exceeded(request) -> int | None:
    return _longest_wait(request, [("signup-ip", client_ip, settings.SIGNUP_RATE_PER_IP)])


def email_change_limit_exceeded(request) -> int | None:
    """Changing the email says whether an address is taken: as often as sign-up allows."""
    return _longest_wait(
        request,
        [
            ("email-change-user", _signed_in_user, settings.EMAIL_CHANGE_RATE_PER_USER),
            ("email-change-ip", client_ip, settings.SIGNUP_RATE_PER_IP),
        ],
    )


def reset_limit_exceeded(request) -> int | None:
    return _longest_wait(
        request,
        [
            ("reset-email", _posted_email, settings.PASSWORD_RESET_RATE_PER_EMAIL),
            ("reset-ip", client_ip, settings.PASSWORD_RESET_RATE_PER_IP),
        ],
    )
