from django import forms
from django.core.exceptions import ValidationError

from apps.core.forms import IdempotencyKeyField
from apps.dwipper.text import MAX_LENGTH, text_normalize, text_problem

REASON_MAX_LENGTH = 500


class DwippForm(forms.Form):
    """A dwipp's text; ``strip=False`` because trimming is part of text_normalize."""

    text = forms.CharField(
        label="Your dwipp",
        strip=False,
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 3, "data-dwipp-text": "", "aria-describedby": "dwipp-count"}
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # NUL is a control character like the others: one message for them all.
        self.fields["text"].validators = []

    def clean_text(self) -> str:
        text = text_normalize(self.cleaned_data["text"])
        problem = text_problem(text)
        if problem:
            raise ValidationError(problem)
        return text

    max_length = MAX_LENGTH


class DwippPostForm(DwippForm):
    """A new dwipp: its key makes a resent form post nothing twice (services.dwipp_create)."""

    idempotency_key = IdempotencyKeyField()


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong with it? (optional)",
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_reason(self) -> str:
        reason = text_normalize(self.cleaned_data["reason"])
        if any(c < " " and c != "\n" for c in reason):
            raise ValidationError("Leave out control characters.")
        return reason


class NoticeSettingsForm(forms.Form):
    """The kinds of notifications a user wants (ticked); the others are off."""

    wanted = forms.MultipleChoiceField(
        label="Tell me about",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, kinds: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wanted"].choices = list(kinds.items())
