"""Device tokens on the JSON API: ``Authorization: Bearer <token>``, and a token for a password."""

from __future__ import annotations

import functools

from django.contrib.auth import authenticate

from apps.accounts.forms import SIGN_IN_FAILED
from apps.accounts.signin import api_factor_error
from apps.core.http.jsonapi import ApiError
from apps.todos.selectors import token_find
from apps.todos.services import token_touch

NO_TOKEN = "Send your device token as Authorization: Bearer <token>."  # noqa: S105 (a message)
BAD_TOKEN = "This token is unknown or was revoked. Get a new one on the Devices page."  # noqa: S105 (a message)
# The sign-in page's own words: a password is refused alike at every door.
BAD_PASSWORD = SIGN_IN_FAILED
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="todos"'}


def bearer_token(request) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(NO_TOKEN, 401, CHALLENGE)
    return token.strip()


def device_required(view):
    """Let the request through with a valid token: ``request.todos_user``, ``request.token``."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        token = token_find(bearer_token(request))
        if token is None:
            raise ApiError(BAD_TOKEN, 401, CHALLENGE)
        request.todos_user, request.token = token.owner, token
        token_touch(token)
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
