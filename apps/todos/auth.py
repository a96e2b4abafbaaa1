"""Device tokens on the JSON API: ``Authorization: Bearer <token>``, and a token for a password."""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib.auth import authenticate

from apps.accounts.selectors import username_key
from apps.core.jsonapi import ApiError
from apps.core.ratelimit import client_ip, limit_exceeded, wait_in_words
from apps.todos.selectors import token_find
from apps.todos.services import token_touch

NO_TOKEN = "Send your device token as Authorization: Bearer <token>."  # noqa: S105 (a message)
BAD_TOKEN = "This token is unknown or was revoked. Get a new one on the Devices page."  # noqa: S105 (a message)
BAD_PASSWORD = "Please enter a correct username and password."  # noqa: S105 (a message)
LOCKED = "Too many sign-in attempts. Try again in {wait}."
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


def password_check(request, *, username: str, password: str):
    """The user whose password this is; 429 past the sign-in lock-out, 401 when wrong."""
    password_lockout(request, username)
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        raise ApiError(BAD_PASSWORD, 401)
    return user


def password_lockout(request, username: str) -> None:
    """The sign-in page's own limits, counted on the same keys (apps/accounts/limits.py).

    To be replaced by apps.accounts.limits' one lock-out for every door that
    takes a password once it is on main.
    """
    limits = [
        ("signin-login", lambda group, r: username_key(username), settings.SIGNIN_RATE_PER_LOGIN),
        ("signin-ip", client_ip, settings.SIGNIN_RATE_PER_IP),
    ]
    waits = [limit_exceeded(request, group=g, key=k, rate=r) for g, k, r in limits]
    wait = max((w for w in waits if w), default=None)
    if wait:
        message = LOCKED.format(wait=wait_in_words(wait))
        raise ApiError(message, 429, {"Retry-After": str(wait)})
