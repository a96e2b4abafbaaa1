from django import forms
from django.conf import settings

from apps.shortener.codes import ALIAS_MAX, ALIAS_MIN, alias_problem
from apps.shortener.validation import (
    URL_MAX_LENGTH,
    URL_REQUIRED,
    URL_TOO_LONG,
    typed_url_problem,
    url_with_scheme,
)

EXPIRY_CHOICES = [(1, "1 day"), (7, "1 week"), (30, "30 days"), (90, "90 days"), (365, "1 year")]
DAYS_MIN, DAYS_MAX = 1, 365
DAYS_RANGE = f"A link lasts from {DAYS_MIN} to {DAYS_MAX} days."
IMPORT_ROWS_MAX = 1000
IMPORT_BYTES_MAX = 2_500_000  # 1,000 rows of the longest URLs, with room to spare
NO_ROWS = "The file has no rows: one link a row, as url,alias,expires_in_days."
LIMIT_MIN, LIMIT_MAX = 1, 1_000_000_000
LIMIT_RANGE = f"A click limit is a whole number from {LIMIT_MIN} to {LIMIT_MAX:,}."


class ShortenForm(forms.Form):
    """What to shorten: used by the page and, fed with the JSON body, by the API."""

    url = forms.CharField(
        label="Long URL",
        max_length=URL_MAX_LENGTH,
        error_messages={"required": URL_REQUIRED, "max_length": URL_TOO_LONG},
        help_text="https:// is added when the address has no scheme, as in example.com/page.",
        widget=forms.URLInput(
            attrs={"placeholder": "https://example.com/a/very/long/path", "autofocus": True}
        ),
    )
    alias = forms.CharField(
        label="Custom alias (optional)",
        required=False,
        max_length=ALIAS_MAX,
    )
    expires_in_days = forms.IntegerField(
        label="Expires after",
        required=False,
        min_value=DAYS_MIN,
        max_value=DAYS_MAX,
        error_messages={"min_value": DAYS_RANGE, "max_value": DAYS_RANGE},
        widget=forms.Select(choices=EXPIRY_CHOICES),
    )

    def __init__(self, *args, own_hosts: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.own_hosts = own_hosts
        self.fields["alias"].help_text = (
            f"{ALIAS_MIN} to {ALIAS_MAX} letters, digits, - or _. Leave it empty for a random "
            f"{settings.SHORTENER_CODE_LENGTH}-character code."
        )
        self.fields["expires_in_days"].initial = settings.SHORTENER_DEFAULT_DAYS

    def clean_url(self):
        url = self.cleaned_data["url"]
        blocked = set(settings.SHORTENER_BLOCKED_HOSTS)
        problem = typed_url_problem(url, own_hosts=self.own_hosts, blocked_hosts=blocked)
        if problem:
            raise forms.ValidationError(problem)
        return url_with_scheme(url)

    def clean_alias(self):
        alias = self.cleaned_data["alias"]
        problem = alias and alias_problem(alias)
        if problem:
            raise forms.ValidationError(problem)
        return alias


class LinkEditForm(forms.Form):
    """What the owner may change after a link is out: where it leads and how."""

    url = ShortenForm.base_fields["url"]
    fallback_url = forms.CharField(
        label="After it expires, lead to (optional)",
        required=False,
        max_length=URL_MAX_LENGTH,
        error_messages={"max_length": URL_TOO_LONG},
        help_text=("Instead of “not found”, the link leads here for {days} days after it expires."),
        widget=forms.URLInput(attrs={"placeholder": "https://example.com/offer-ended"}),
    )
    click_limit = forms.IntegerField(
        label="Click limit (optional)",
        required=False,
        min_value=LIMIT_MIN,
        max_value=LIMIT_MAX,
        error_messages={
            "min_value": LIMIT_RANGE,
            "max_value": LIMIT_RANGE,
            "invalid": LIMIT_RANGE,
        },
        help_text="Once this many clicks have been redirected, the link answers “gone”.",
    )
    paused = forms.BooleanField(
        label="Paused",
        required=False,
        help_text="A paused link leads nowhere and counts no clicks until you resume it.",
    )

    def __init__(self, *args, own_hosts: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.own_hosts = own_hosts
        self.fields["url"].label = "Leads to"
        help_text = self.fields["fallback_url"].help_text
        self.fields["fallback_url"].help_text = help_text.format(
            days=settings.SHORTENER_FALLBACK_DAYS
        )

    def clean_url(self):
        return self._checked(self.cleaned_data["url"])

    def clean_fallback_url(self):
        url = self.cleaned_data["fallback_url"]
        return url and self._checked(url)

    def _checked(self, url: str) -> str:
        blocked = set(settings.SHORTENER_BLOCKED_HOSTS)
        problem = typed_url_problem(url, own_hosts=self.own_hosts, blocked_hosts=blocked)
        if problem:
            raise forms.ValidationError(problem)
        return url_with_scheme(url)


class ImportForm(forms.Form):
    csv_file = forms.FileField(
        label="CSV file",
        error_messages={"required": "Choose the CSV file to import.", "empty": NO_ROWS},
        help_text=(
            f"One link a row, at most {IMPORT_ROWS_MAX:,}: url, then optionally alias and "
            f"expires_in_days ({DAYS_MIN} to {DAYS_MAX} days). A first row "
            "“url,alias,expires_in_days” is skipped."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


def own_hosts(request) -> set[str]:
    """This site's host names, for ShortenForm: a short link must never point back here."""
    configured = {h for h in settings.ALLOWED_HOSTS if h and h != "*" and not h.startswith(".")}
    configured |= set(settings.SHORTENER_OWN_HOSTS)
    return {h.lower() for h in configured} | {request.get_host().rsplit(":", 1)[0].lower()}
