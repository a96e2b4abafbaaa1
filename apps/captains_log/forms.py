from django import forms

from apps.core.dynamodb.storable import StorableIntegerField

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 10_000


class EntryForm(forms.Form):
    title = forms.CharField(
        max_length=TITLE_MAX_LENGTH, widget=forms.TextInput(attrs={"autofocus": True})
    )
    text = forms.CharField(
        label="Entry",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=f"Up to {TEXT_MAX_LENGTH:,} characters.",
    )


class EditEntryForm(EntryForm):
    version = StorableIntegerField(min_value=1, widget=forms.HiddenInput)


class DeleteEntryForm(forms.Form):
    version = StorableIntegerField(min_value=1, widget=forms.HiddenInput)
