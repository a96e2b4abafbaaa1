"""Short links in the admin (apps/core/admin), with their click counts.

Search: a code finds that link (one read by key); a username lists the links
they made, newest first (a Query on ``owner-created-index``; the created
column sorts both ways). Without a search the table is listed a page at a
time (Scan). Links are shown, not edited (a link's target is what its code
promised); staff may delete one. Each page reads the clicks of its links in
one BatchGetItem.
"""

from django.contrib import admin
from django.db import models

from apps.accounts.selectors import username_key
from apps.accounts.validators import USERNAME_KEY_MAX_LENGTH
from apps.core.admin import KeyQuery, TableAdmin, TableScan, WriteRefused, shadow_model
from apps.core.admin.pages import Page
from apps.shortener import services
from apps.shortener.models import Link
from apps.shortener.selectors import link_clicks
from apps.shortener.validation import URL_MAX_LENGTH

SEARCH_HELP = (
    "A code finds that link (one read by key); a username lists the links they made, "
    "newest first (one Query on the owner index)."
)
GONE_ALREADY = "This link was deleted meanwhile."

LinkRow = shadow_model(
    Link,
    name="Link",
    app_label="shortener",
    module=__name__,
    key_field="code",
    verbose_name="short link",
    label=lambda link: link.code,
    fields={
        "url": models.URLField(max_length=URL_MAX_LENGTH, verbose_name="URL"),
        "expires": models.DateTimeField(),
        "owner": models.CharField(
            max_length=USERNAME_KEY_MAX_LENGTH, null=True, help_text="Who made it."
        ),
    },
)


class WithClicks:
    """A listing whose page also carries each link's clicks (one BatchGetItem a page)."""

    def __init__(self, listing) -> None:
        self.listing, self.searching = listing, listing.searching

    def read(self, start, size) -> Page:
        page = self.listing.read(start, size)
        clicks = link_clicks(page.items)
        for link in page.items:
            link.clicks = clicks[link.code]
        return page


@admin.register(LinkRow)
class LinkAdmin(TableAdmin):
    table = Link
    list_display = ("code", "url", "owner", "created", "expires", "clicks")
    readonly_fields = ("code", "url", "owner", "created", "expires", "clicks")
    sorted_by = "created"
    ordering = ("-created",)
    search_help_text = SEARCH_HELP

    @admin.display(description="clicks")
    def clicks(self, obj) -> int:
        if getattr(obj.item, "clicks", None) is None:  # one link's page: its own read
            obj.item.clicks = link_clicks([obj.item])[obj.code]
        return obj.item.clicks

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def listing(self, search: str, *, descending: bool):
        if not search:
            return WithClicks(TableScan(Link))
        found = super().listing(search, descending=descending)
        if found.items:
            return WithClicks(found)
        owner = username_key(search)
        return WithClicks(KeyQuery(Link.owner_index, owner, forward=not descending))

    def object_delete(self, request, obj):
        if not services.link_remove(code=obj.code):
            raise WriteRefused(GONE_ALREADY)

    def deletion_related(self, request, obj):
        return [f"Its {self.clicks(obj)} click(s): the counters go when the link would expire"]
