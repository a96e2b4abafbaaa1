"""Dwipps and reports in the admin (apps/core/admin): staff hide, show or delete any dwipp.

Dwipps: a dwipp id finds that dwipp (one read by key); a username lists their
latest dwipps (a Query on ``by_author`` and one BatchGetItem: the index holds
keys only). Without a search the table is listed a page at a time (Scan).
A reply links to the dwipp it answers (its parent's
change page). Only ``hidden`` is editable (through ``services.dwipp_hide``); a delete goes
through ``services.dwipp_delete`` with every record about the dwipp.

Reports: listed a page at a time (Scan), or a dwipp id lists that dwipp's
reports (a Query). Staff read them and dismiss (delete) them; a report's link
leads to its dwipp.
"""

from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils.html import format_html

from apps.accounts.selectors import username_key
from apps.core.admin import Found, KeyQuery, TableAdmin, TableScan, WriteRefused, shadow_model
from apps.dwipper import services
from apps.dwipper.keys import ID
from apps.dwipper.models import Dwipp, Report

BY_AUTHOR_LIMIT = 100
DWIPP_SEARCH_HELP = (
    "A dwipp's id finds that dwipp (one read by key); a username lists their latest "
    f"dwipps (one Query and one BatchGetItem, at most {BY_AUTHOR_LIMIT})."
)
REPORT_SEARCH_HELP = "A dwipp's id lists its reports (one Query)."
GONE_ALREADY = "This dwipp was deleted meanwhile."

DwippRow = shadow_model(
    Dwipp,
    name="Dwipp",
    app_label="dwipper",
    module=__name__,
    key_field="dwipp_id",
    exclude=("feed",),
    label=lambda row: (row.text or "(deleted)")[:60],
    fields={
        "text": models.TextField(),
        "hidden": models.BooleanField(
            default=False, help_text="Hidden from every feed and profile (its author sees it)."
        ),
    },
)
ReportRow = shadow_model(
    Report,
    name="Report",
    app_label="dwipper",
    module=__name__,
    label=lambda row: f"{row.reporter} on {row.dwipp_id}",
    fields={"reason": models.TextField(blank=True)},
)


@admin.register(DwippRow)
class DwippAdmin(TableAdmin):
    table = Dwipp
    list_display = (
        "dwipp_id",
        "author_name",
        "text",
        "created",
        "in_reply_to",
        "replies",
        "upvotes",
        "hidden",
    )
    readonly_fields = (
        "dwipp_id",
        "author",
        "author_name",
        "text",
        "created",
        "edited",
        "in_reply_to",
        "replies",
        "upvotes",
        "favourites",
    )
    fields = (*readonly_fields, "hidden")
    search_help_text = DWIPP_SEARCH_HELP
    actions = ("hide", "show")

    def has_add_permission(self, request):
        return False  # dwipps are posted by their authors

    @admin.display(description="in reply to")
    def in_reply_to(self, obj) -> str:
        """The parent's id, linked to its own change page (nothing for a dwipp that is no reply)."""
        if not obj.parent:
            return ""
        url = reverse("admin:dwipper_dwipp_change", args=[obj.parent])
        return format_html('<a href="{}">{}</a>', url, obj.parent)

    def listing(self, search: str, *, descending: bool):
        if not search:
            return TableScan(Dwipp)
        if ID.fullmatch(search):
            return super().listing(search, descending=descending)
        keys = Dwipp.by_author.query(
            username_key(search), scan_index_forward=False, limit=BY_AUTHOR_LIMIT
        )
        found = {d.dwipp_id: d for d in Dwipp.batch_get([k.dwipp_id for k in keys])}
        return Found(sorted(found.values(), key=lambda d: d.dwipp_id, reverse=True))

    def object_write(self, request, obj, form, change):
        try:
            services.dwipp_hide(obj.dwipp_id, bool(obj.hidden))
        except services.DwippNotFound as error:
            raise WriteRefused(GONE_ALREADY) from error

    def object_delete(self, request, obj):
        try:
            services.dwipp_delete(author=None, dwipp_id=obj.dwipp_id)
        except services.DwippNotFound as error:
            raise WriteRefused(GONE_ALREADY) from error

    def deletion_related(self, request, obj):
        return ["Its upvotes, favourites, timeline entries and reports (its replies stay)"]

    @admin.action(description="Hide the selected dwipps", permissions=["change"])
    def hide(self, request, queryset):
        self._hide_all(request, queryset, True)

    @admin.action(description="Show the selected dwipps again", permissions=["change"])
    def show(self, request, queryset):
        self._hide_all(request, queryset, False)

    def _hide_all(self, request, queryset, hidden: bool) -> None:
        done = 0
        for obj in queryset:
            try:
                services.dwipp_hide(obj.dwipp_id, hidden)
            except services.DwippNotFound:
                continue
            self.log_change(request, obj, "Hidden" if hidden else "Shown")
            done += 1
        self.message_user(
            request, f"{done} dwipp(s) {'hidden' if hidden else 'shown'}.", messages.SUCCESS
        )


@admin.register(ReportRow)
class ReportAdmin(TableAdmin):
    table = Report
    list_display = ("dwipp_id", "reporter", "reason", "created", "dwipp")
    readonly_fields = ("dwipp_id", "reporter", "reason", "created", "dwipp")
    fields = readonly_fields
    search_help_text = REPORT_SEARCH_HELP

    def has_add_permission(self, request):
        return False  # reports come from the users

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="dwipp")
    def dwipp(self, obj) -> str:
        url = reverse("admin:dwipper_dwipp_change", args=[obj.dwipp_id])
        return format_html('<a href="{}">Hide or delete it</a>', url)

    def listing(self, search: str, *, descending: bool):
        if not search:
            return TableScan(Report)
        if ID.fullmatch(search):
            return KeyQuery(Report, search)
        return super().listing(search, descending=descending)

    def object_delete(self, request, obj):
        services.report_dismiss(dwipp_id=obj.dwipp_id, reporter=obj.reporter)
