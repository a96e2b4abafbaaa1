from django import forms
from django.contrib.auth import get_user_model

from apps.billing.signatures import SIGNATURE_MAX_LENGTH
from apps.core.forms import EMAIL_MAX_LENGTH, IdempotencyKeyField


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


class VerifyForm(forms.Form):
    signature = forms.CharField(
        max_length=SIGNATURE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"}),
        help_text="Paste the signature printed on the bill.",
    )
