"""Form fields shared by the apps."""

from __future__ import annotations

import re
import secrets

from django import forms

EMAIL_MAX_LENGTH = 254  # the longest address SMTP can carry (RFC 5321)
IDEMPOTENCY_KEY_BYTES = 24  # random bytes, written URL-safe: 4 characters per 3 bytes
IDEMPOTENCY_KEY = re.compile(rf"[A-Za-z0-9_-]{{{IDEMPOTENCY_KEY_BYTES * 4 // 3}}}")


def new_idempotency_key() -> str:
    return secrets.token_urlsafe(IDEMPOTENCY_KEY_BYTES)


class IdempotencyKeyField(forms.CharField):
    """A random key the form carries, so that sending it twice does its work once.

    Drawn when the form is shown; the service stores it with what the form
    creates (apps/core/dynamodb/writes.py: a transaction's nonce), and recognises a
    resubmission by it. A form sent without a well-formed key (an old page, a
    script) gets a fresh one: it still works, only without that protection.
    """

    widget = forms.HiddenInput

    def __init__(self, **kwargs) -> None:
        super().__init__(required=False, max_length=64, initial=new_idempotency_key, **kwargs)

    def clean(self, value) -> str:
        value = super().clean(value)
        return value if IDEMPOTENCY_KEY.fullmatch(value) else new_idempotency_key()
