"""Keys on the todos JSON API: account API keys with the ``todos`` scope and device tokens,
both through the accounts' key door (``Authorization: Bearer <key>``); a token for a password."""

from __future__ import annotations

import functools

from django.contrib.auth import authenticate

from apps.accounts.forms import SIGN_IN_FAILED
from apps.accounts.key_door import key_owner
from apps.accounts.signin import api_factor_error
from apps.core.http.jsonapi import ApiError
from apps.todos.selectors import token_find
from apps.todos.services import token_touch

BAD_TOKEN = "This token is unknown or was revoked. Get a new one on the Devices page."  # noqa: S105 (a message)
# The sign-in page's own words: a password is refused alike at every door.
BAD_PASSWORD = SIGN_IN_FAILED
SCOPE = "todos"


def device_owner(secret: str) -> str | None:
    """The owner of a device token (noting its use), or None: the door's fallback."""
    token = token_find(secret)
    if token is None:
        return None
    token_touch(token)
    return token.owner


def device_required(view):
    """Let the request through with an API key for todos or a device token:
    ``request.todos_user``."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        request.todos_user = key_owner(request, SCOPE, fallback=device_owner)
        return view(request, *args, **kwargs)

    return wrapped


def password_check(request, *, username: str, password: str, code: str = ""):
    """The user whose password this is (and, with two-factor sign-in, whose code); 401 if not.

    ``authenticate()`` counts the attempt against the sign-in lock-out that
    every door taking a password shares (apps/accounts/limits.py), and so do
    wrong codes; past it, SignInLocked becomes a 429 with Retry-After
    (SignInLockedMiddleware). This door sends no cookies: the account's
    limit for unknown clients applies.
    """
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        raise ApiError(BAD_PASSWORD, 401)
    refusal = api_factor_error(request, user, code)
    if refusal is not None:
        raise ApiError(refusal, 401)
    return user
