"""Device cookies: a browser that has signed in to an account before is known to it.

OWASP's "Slow Down Online Guessing Attacks with Device Cookies": every
complete sign-in gives the browser a signed cookie naming the account and a
fresh random nonce. A password or code tried from a browser that carries a
valid cookie for that account counts against that cookie alone
(``SIGNIN_RATE_PER_DEVICE``), never against the account's limit for unknown
clients, so an attacker's failures elsewhere never lock the owner's browser
out; a cookie that fails too often is locked out by itself. Clients without
one (other browsers, the todos token API, which sends no cookies) share the
account's and the address's limits (apps/accounts/limits.py).

One cookie holds the accounts this browser signed in to (at most
``DEVICE_ACCOUNTS``, the latest kept), signed with Django's signing so that
nobody can make one up or move one to another account.
"""

from __future__ import annotations

import json
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse

COOKIE = "signin_device"
SALT = "apps.accounts.devices"
DEVICE_ACCOUNTS = 10


def _max_age() -> int:
    return settings.SIGNIN_DEVICE_DAYS * 24 * 60 * 60


def _devices(request: HttpRequest) -> dict[str, str]:
    """The accounts this browser signed in to, with its nonce for each: {account: nonce}."""
    raw = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=_max_age())
    if raw is None:
        return {}
    try:
        devices = json.loads(raw)
    except ValueError:
        return {}
    if not isinstance(devices, dict):
        return {}
    return {str(account): str(nonce) for account, nonce in devices.items()}


def device_known(request: HttpRequest | None, account: str) -> str | None:
    """This browser's nonce for ``account`` (a sign-in lock-out key), or None if unknown."""
    if request is None:
        return None
    return _devices(request).get(account)


def device_remember(request: HttpRequest, response: HttpResponse, account: str) -> bool:
    """Give the browser a new cookie for ``account``; True when it was not known to it."""
    devices = _devices(request)
    known = account in devices
    devices.pop(account, None)
    devices[account] = secrets.token_urlsafe(16)
    kept = dict(list(devices.items())[-DEVICE_ACCOUNTS:])
    response.set_signed_cookie(
        COOKIE,
        json.dumps(kept, separators=(",", ":")),
        salt=SALT,
        max_age=_max_age(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return not known
