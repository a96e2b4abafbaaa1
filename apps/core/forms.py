"""Form fields shared by the apps."""

from __future__ import annotations

import re
import secrets

from django import forms

IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9_-]{32}")


def new_idempotency_key() -> str:
    return secrets.token_urlsafe(24)  # 32 characters


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
