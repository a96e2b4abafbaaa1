from django import forms

from apps.core.dynamodb.storable import StorableIntegerField


class EntryForm(forms.Form):
    title = forms.CharField(max_length=200, widget=forms.TextInput(attrs={"autofocus": True}))
    text = forms.CharField(
        label="Entry",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Up to 10,000 characters.",
    )


class EditEntryForm(EntryForm):
    version = StorableIntegerField(min_value=1, widget=forms.HiddenInput)


class DeleteEntryForm(forms.Form):
    version = StorableIntegerField(min_value=1, widget=forms.HiddenInput)
