"""The arithmetic of two-factor sign-in: time-based codes, recovery codes, enrolment links.

Codes follow RFC 6238 (TOTP: HMAC-SHA1, 6 digits, 30-second steps), computed
by pyotp, which is imported only here and only on the two-factor path (it
costs a cold start nothing). Nothing here reads or writes DynamoDB:
apps/accounts/factors.py stores what these functions compute.

- A factor's secret is never stored: it is HMAC-SHA256 of the user's key and
  a per-user nonce under ``TWO_FACTOR_KEY``, cut to 160 bits (RFC 4226's
  recommended length). The item holds only the nonce, so a copy of the table
  without the key gives no codes. The secret is shown once, at enrolment.
- Recovery codes are random and shown once; the table keeps their
  HMAC-SHA256 digests under the same key. They carry 50 bits each, far beyond
  what the sign-in lock-out lets anyone guess, so a fast keyed digest is
  enough (a slow hash per code would eat the request's budget).
- An enrolment link is Django's signed value of the user's key and a nonce,
  valid ``TWO_FACTOR_LINK_DAYS``; the table keeps the nonce's digest, so the
  link works once and a newer link replaces an older one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time

from django.conf import settings
from django.core import signing

DIGITS = 6
STEP_SECONDS = 30
DRIFT_STEPS = 1  # a code of the step before or after the current one passes too
RECOVERY_CODE_COUNT = 10
RECOVERY_GROUP = 5  # a code is two groups of five characters: "k7mq2-x9hcw"
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, no 1/l/i
LINK_SALT = "apps.accounts.otp.enrolment-link"


def _keyed(purpose: str, *parts: str) -> bytes:
    message = "\x00".join((purpose, *parts)).encode()
    return hmac.new(settings.TWO_FACTOR_KEY, message, hashlib.sha256).digest()


def nonce_new() -> str:
    return secrets.token_hex(16)


def factor_secret(user_key: str, nonce: str) -> str:
    """The base32 secret an authenticator app holds, derived, never stored."""
    return base64.b32encode(_keyed("totp", user_key, nonce)[:20]).decode()


def provisioning_uri(secret: str, *, username: str) -> str:
    """The ``otpauth://`` address the QR code carries."""
    import pyotp

    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    return totp.provisioning_uri(name=username, issuer_name=settings.TWO_FACTOR_ISSUER)


def code_shaped(code: str) -> bool:
    return len(code) == DIGITS and code.isascii() and code.isdigit()


def code_step(secret: str, code: str) -> int | None:
    """The time step whose code ``code`` is, within the drift allowed; None if none."""
    if not code_shaped(code):
        return None
    import pyotp

    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    now = int(time.time()) // STEP_SECONDS
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def recovery_codes_new() -> list[str]:
    def one() -> str:
        chars = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(2 * RECOVERY_GROUP))
        return f"{chars[:RECOVERY_GROUP]}-{chars[RECOVERY_GROUP:]}"

    return [one() for _ in range(RECOVERY_CODE_COUNT)]


def recovery_normalised(code: str) -> str:
    """What was typed, without spaces and dashes, in lower case."""
    return "".join(c for c in code.lower() if c not in " -\t")


def recovery_shaped(code: str) -> bool:
    plain = recovery_normalised(code)
    return len(plain) == 2 * RECOVERY_GROUP and all(c in RECOVERY_ALPHABET for c in plain)


def recovery_digest(user_key: str, code: str) -> str:
    return _keyed("recovery", user_key, recovery_normalised(code)).hex()


def link_digest(user_key: str, nonce: str) -> str:
    return _keyed("link", user_key, nonce).hex()


def link_token(user_key: str, nonce: str) -> str:
    return signing.dumps({"u": user_key, "n": nonce}, salt=LINK_SALT, compress=True)


def link_read(token: str) -> tuple[str, str] | None:
    """(user key, nonce) of a link made within ``TWO_FACTOR_LINK_DAYS``; None if not one."""
    max_age = settings.TWO_FACTOR_LINK_DAYS * 24 * 60 * 60
    try:
        value = signing.loads(token, salt=LINK_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or not {"u", "n"} <= set(value):
        return None
    return str(value["u"]), str(value["n"])
