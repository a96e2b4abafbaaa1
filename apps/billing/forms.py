from django import forms

from apps.billing.signatures import SIGNATURE_MAX_LENGTH
from apps.core.forms import EMAIL_MAX_LENGTH, IdempotencyKeyField


class PurchaseForm(forms.Form):
    email = forms.EmailField(
        max_length=EMAIL_MAX_LENGTH,
        help_text="The bill and its PDF go to this address.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    name = forms.CharField(label="Name on the bill (optional)", max_length=100, required=False)
    idempotency_key = IdempotencyKeyField()


class VerifyForm(forms.Form):
    signature = forms.CharField(
        max_length=SIGNATURE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"}),
        help_text="Paste the signature printed on the bill.",
    )
