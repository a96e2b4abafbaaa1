"""The one door for keys on the JSON API: ``Authorization: Bearer <key>``.

``api_key_required(scope)`` lets a request through with an API key that
holds ``scope`` (apps/accounts/api_keys.py) and sets ``request.api_user``,
the key's owner (a username key). An app whose own older keys must keep
working (the todos device tokens) passes ``fallback``: a function of the
secret that answers the owner of such a key, or None. Every refusal is the
JSON door's (apps/core/http/jsonapi.py): 401 without a key or with a bad
one, 403 for a key without the scope.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from apps.accounts.api_keys import PREFIX, api_key_find, api_key_touch
from apps.core.http.jsonapi import ApiError

NO_KEY = "Send your API key or device token as Authorization: Bearer <key>."
BAD_KEY = (
    "This key or token is unknown or was revoked. Make a new API key on your account page "
    "(todos devices: a token on the Devices page)."
)
NO_SCOPE = "This API key may not be used for {scope}: make one that may on your account page."
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="api"'}


def bearer_secret(request) -> str:
    """The key the request sends, or 401."""
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ApiError(NO_KEY, 401, CHALLENGE)
    return secret.strip()


def key_owner(request, scope: str, fallback: Callable[[str], str | None] | None = None) -> str:
    """The owner of the request's key for ``scope``; 401 or 403 otherwise."""
    secret = bearer_secret(request)
    if fallback is not None and not secret.startswith(PREFIX):
        owner = fallback(secret)
        if owner is None:
            raise ApiError(BAD_KEY, 401, CHALLENGE)
        return owner
    claim = api_key_find(secret)
    if claim is None:
        raise ApiError(BAD_KEY, 401, CHALLENGE)
    if scope not in (claim.scopes or ()):
        raise ApiError(NO_SCOPE.format(scope=scope), 403)
    api_key_touch(claim)
    return claim.owner


def api_key_required(scope: str, *, fallback: Callable[[str], str | None] | None = None):
    """A view decorator: only requests with a key for ``scope``; ``request.api_user``."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            request.api_user = key_owner(request, scope, fallback)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
