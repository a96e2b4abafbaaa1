"""Forms for the pages and for the JSON API's bodies (a form takes a dict)."""

from django import forms

from apps.core.forms import EMAIL_MAX_LENGTH

TITLE_MAX_LENGTH = 500
NOTES_MAX_LENGTH = 5000
NAME_MAX_LENGTH = 100
PAGE_SIZE_MAX = 100  # todos per API page at most (?limit=)
LOGIN_MAX_LENGTH = EMAIL_MAX_LENGTH  # a username or an email address
PASSWORD_MAX_LENGTH = 4096
ORDER_LIMIT = 10**15  # well inside DynamoDB's 38 digits and JavaScript's exact integers

# The JSON type of each field of the API's bodies (apps/core/http/jsonapi.py checks them).
TODO_FIELDS = {
    "title": "string",
    "notes": "string",
    "due": "string",
    "completed": "boolean",
    "order": "integer",
    "list": "string",
}
LIST_FIELDS = {"name": "string"}
TOKEN_FIELDS = {"username": "string", "password": "string", "device": "string"}


class TodoForm(forms.Form):
    title = forms.CharField(max_length=TITLE_MAX_LENGTH)
    notes = forms.CharField(max_length=NOTES_MAX_LENGTH, required=False, widget=forms.Textarea)
    due = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    completed = forms.BooleanField(required=False)
    order = forms.IntegerField(required=False, min_value=-ORDER_LIMIT, max_value=ORDER_LIMIT)

    def __init__(self, *args, only=None, **kwargs) -> None:
        """``only``: validate just these fields (a PATCH names the ones it changes)."""
        super().__init__(*args, **kwargs)
        if only is not None:
            for name in set(self.fields) - set(only):
                del self.fields[name]

    def changes(self) -> dict:
        """Cleaned values as the services store them (dates as ISO strings)."""
        data = dict(self.cleaned_data)
        if "due" in data:
            data["due"] = data["due"].isoformat() if data["due"] else None
        return data


class ListForm(forms.Form):
    name = forms.CharField(max_length=NAME_MAX_LENGTH)


class DeviceForm(forms.Form):
    name = forms.CharField(max_length=NAME_MAX_LENGTH, help_text="Say which device: “Phone”.")
    list_id = forms.ChoiceField(
        label="Todo-Backend list",
        required=False,
        help_text="The list its Todo-Backend address shows; by default a new one.",
    )

    def __init__(self, *args, lists=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "A new list named after the device")]
        self.fields["list_id"].choices = choices + [(lst.item_id, lst.name) for lst in lists]


class TokenForm(forms.Form):
    username = forms.CharField(max_length=LOGIN_MAX_LENGTH)
    password = forms.CharField(max_length=PASSWORD_MAX_LENGTH, strip=False)
    device = forms.CharField(max_length=NAME_MAX_LENGTH)
