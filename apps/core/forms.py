"""Form fields shared by the apps, and how every form renders its fields."""

from __future__ import annotations

import re
import secrets

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates

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


class SiteBoundField(BoundField):
    """Django's BoundField; on a form sent back with errors, the cursor starts in the first
    field in error (``autofocus``), rather than in the field a page autofocuses."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        first = _first_field_in_error(self.form)
        if first is not None:
            attrs["autofocus"] = self.name == first
        return attrs


def _first_field_in_error(form) -> str | None:
    if not form.is_bound or not form.errors:
        return None
    return next((field.name for field in form.visible_fields() if field.errors), None)


class SiteFormRenderer(DjangoTemplates):
    """Django's default form renderer, with SiteBoundField (settings FORM_RENDERER)."""

    bound_field_class = SiteBoundField
