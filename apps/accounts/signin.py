"""Signing in, in one or two steps: the password, then (when the account has one) the code.

Every door that signs someone in goes through here: the sign-in page, the
admin's login, the second factor's page and enrolment.

- ``signin_begin``: after the right password. Without a second factor the
  user is signed in. With one, the session only remembers who is half-way
  (``PENDING``: the username, the password's session hash and a deadline),
  never under Django's own ``SESSION_KEY``: until the code is accepted
  ``request.user`` is anonymous on every door (pages, admin, JSON API).
  Staff must have a factor: without one they are not signed in at all.
- ``signin_pending``: who is half-way, if the deadline has not passed and
  the password is unchanged.
- ``signin_complete``: Django's ``login()``, the mark that the second
  factor passed (``FACTOR_PASSED``, which SecondFactorMiddleware requires of
  staff), the browser's device cookie, and an email to the account's
  address when the browser was not known to the account.
- ``api_factor_error``: the same rule for a JSON door that trades a password
  for a token (no cookies, no session): the code comes in the body.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY, login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from apps.accounts.devices import device_remember
from apps.accounts.factors import code_accept, factor_enrolled
from apps.accounts.limits import password_attempt_begin, signin_account
from apps.accounts.notices import notice_new_browser
from apps.accounts.selectors import user_get, username_key
from apps.core.http.ratelimit import client_ip
from apps.core.http.redirects import NEXT_FIELD

BACKEND = "apps.accounts.backends.DynamoDBBackend"
PENDING = "_signin_pending"  # session key: who has given the password and owes a code
FACTOR_PASSED = "_signin_factor_passed"  # session key: whose second factor was accepted
STAFF_WITHOUT_FACTOR = (
    "Staff accounts sign in with a second factor, and this account has none yet. Open the "
    "enrolment link a superuser made for you (in the admin, or with "
    "manage.py two_factor_link)."
)
CODE_REQUIRED = (
    "This account uses two-factor sign-in: send the 6-digit code from the authenticator app "
    "(or a recovery code) in code."
)
CODE_WRONG = "That code is not right, or was used already. Wait for the next one and try again."
BROWSER_MAX_LENGTH = 200  # of the User-Agent quoted in the new-browser email


class FactorMissing(Exception):
    """A staff member without a second factor tried to sign in."""


def is_staff(user) -> bool:
    return user.is_staff or user.is_superuser


def signin_begin(request: HttpRequest, user, target: str) -> HttpResponse:
    """After the right password: signed in, or sent to the code page. Raises FactorMissing."""
    enrolled = factor_enrolled(user)
    if is_staff(user) and not enrolled:
        raise FactorMissing(STAFF_WITHOUT_FACTOR)
    if not enrolled:
        return signin_complete(request, user, HttpResponseRedirect(target))
    request.session[PENDING] = {
        "user": user.username,
        "hash": user.get_session_auth_hash(),
        "until": time.time() + settings.TWO_FACTOR_PENDING_SECONDS,
    }
    query = urlencode({NEXT_FIELD: target})
    return HttpResponseRedirect(f"{reverse('accounts:signin_code')}?{query}")


def signin_pending(request: HttpRequest):
    """The user who gave the right password and owes a code; None when nobody (or too late)."""
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or pending.get("until", 0) < time.time():
        return None
    user = user_get(username=str(pending.get("user", "")))
    if user is None or not user.is_active or user.get_session_auth_hash() != pending["hash"]:
        return None
    return user


def signin_complete(
    request: HttpRequest,
    user,
    response: HttpResponse,
    *,
    factor_passed: bool = False,
    notify: bool = True,
) -> HttpResponse:
    """Sign ``user`` in on ``response``: the session, the device cookie, the notice.

    ``notify=False``: no email about a new browser (a sign-up's first sign-in).
    """
    request.session.pop(PENDING, None)
    if SESSION_KEY in request.session:
        # Django's login() keeps the key of a session already signed in as this
        # user; enrolment has just deleted it, and a new sign-in gets a new key.
        request.session.cycle_key()
    login(request, user, backend=BACKEND)
    if factor_passed:
        request.session[FACTOR_PASSED] = username_key(user.username)
    if device_remember(request, response, signin_account("", user)) and notify:
        notice_new_browser(
            user,
            browser=request.headers.get("User-Agent", "")[:BROWSER_MAX_LENGTH],
            address=client_ip("signin-notice", request),
        )
    return response


def code_check(request: HttpRequest, user, code: str) -> bool:
    """Take a code for ``user``'s sign-in; a wrong one counts toward the lock-out.

    Raises SignInLocked (a 429) past the lock-out, like a wrong password.
    """
    attempt = password_attempt_begin(request, account=signin_account("", user))
    if not code_accept(user, code):
        return False
    attempt.succeeded()
    return True


def factor_passed(request: HttpRequest, user) -> bool:
    """Did this session's sign-in of ``user`` pass the second factor?"""
    return request.session.get(FACTOR_PASSED) == username_key(user.username)


def api_factor_error(request: HttpRequest, user, code: str) -> str | None:
    """Why a JSON door that took the right password must still refuse ``user``; None if not.

    ``code``: what the body sent (empty when nothing). A wrong code counts
    toward the lock-out; the door has no cookies, so the account's limit for
    unknown clients applies.
    """
    enrolled = factor_enrolled(user)
    if is_staff(user) and not enrolled:
        return STAFF_WITHOUT_FACTOR
    if not enrolled:
        return None
    if not code:
        return CODE_REQUIRED
    return None if code_check(request, user, code) else CODE_WRONG
