from django import forms

from apps.core.forms import IdempotencyKeyField


class PurchaseForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        help_text="The bill and its PDF go to this address.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    name = forms.CharField(label="Name on the bill (optional)", max_length=100, required=False)
    idempotency_key = IdempotencyKeyField()


class VerifyForm(forms.Form):
    signature = forms.CharField(
        max_length=1024,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"}),
        help_text="Paste the signature printed on the bill.",
    )
