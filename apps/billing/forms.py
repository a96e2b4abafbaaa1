import re

from django import forms
from django.contrib.auth import get_user_model

from apps.billing.signatures import SIGNATURE_MAX_LENGTH
from apps.core.forms import EMAIL_MAX_LENGTH, IdempotencyKeyField

CARD_TOKEN_MAX_LENGTH = 255
CARD_TOKEN = re.compile(r"tok_[A-Za-z0-9_]{1,250}")
CARD_MISSING = "Enter your card's details in the card field (this page needs JavaScript for it)."


def full_name_max_length() -> int:
    """As long as a profile's full name can be (first, a space, last): the shop fills it in."""
    fields = get_user_model()._meta
    return fields.get_field("first_name").max_length + 1 + fields.get_field("last_name").max_length


class PurchaseForm(forms.Form):
    email = forms.EmailField(
        max_length=EMAIL_MAX_LENGTH,
        help_text="The bill and its PDF go to this address.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    name = forms.CharField(
        label="Name on the bill (optional)", max_length=full_name_max_length(), required=False
    )
    idempotency_key = IdempotencyKeyField()
    # Stripe.js turns the card typed in its Element into a token (billing/pay.js): the
    # card's number never reaches the site.
    card_token = forms.CharField(
        widget=forms.HiddenInput,
        required=False,
        max_length=CARD_TOKEN_MAX_LENGTH,
    )

    def clean(self):
        cleaned = super().clean()
        # Said above the form: a hidden field has no place to show its error.
        if not CARD_TOKEN.fullmatch(cleaned.get("card_token") or ""):
            self.add_error(None, CARD_MISSING)
        return cleaned


class VerifyForm(forms.Form):
    signature = forms.CharField(
        max_length=SIGNATURE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"}),
        help_text="Paste the signature printed on the bill.",
    )
