from django import forms
from django.contrib.auth import get_user_model

from apps.core.forms import IdempotencyKeyField


def full_name_max_length() -> int:
    """As long as a profile's full name can be (first, a space, last): the shop fills it in."""
    fields = get_user_model()._meta
    return fields.get_field("first_name").max_length + 1 + fields.get_field("last_name").max_length


class PurchaseForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        help_text="The bill and its PDF go to this address.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    name = forms.CharField(
        label="Name on the bill (optional)", max_length=full_name_max_length(), required=False
    )
    idempotency_key = IdempotencyKeyField()


class VerifyForm(forms.Form):
    signature = forms.CharField(
        max_length=1024,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"}),
        help_text="Paste the signature printed on the bill.",
    )
