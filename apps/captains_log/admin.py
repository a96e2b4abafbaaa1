"""Captain's log entries in the admin (apps/core/admin).

Search: a username lists that captain's entries, newest first (a Query on
their key; the entry column sorts both ways); an admin id
(``<captain>/<entry id>``) finds that entry. Without a search the table is
listed a page at a time (Scan). Edits and deletes go through the services
with the version the form was opened with.
"""

from django.contrib import admin
from django.db import models

from apps.accounts.selectors import user_get, username_key
from apps.accounts.validators import USERNAME_KEY_MAX_LENGTH
from apps.captains_log import services
from apps.captains_log.forms import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH
from apps.captains_log.models import LogEntry
from apps.core.admin import KeyQuery, TableAdmin, TableScan, WriteRefused, shadow_model

SEARCH_HELP = (
    "A captain's username lists their entries, newest first (one Query); "
    "an id as shown in the address bar finds that entry."
)
NO_SUCH_CAPTAIN = "No account has this username."

LogEntryRow = shadow_model(
    LogEntry,
    name="LogEntry",
    app_label="captains_log",
    module=__name__,
    verbose_name="log entry",
    verbose_name_plural="log entries",
    label=lambda entry: entry.title,
    fields={
        "captain": models.CharField(
            max_length=USERNAME_KEY_MAX_LENGTH, help_text="The captain's username."
        ),
        "title": models.CharField(max_length=TITLE_MAX_LENGTH),
        "text": models.TextField(max_length=TEXT_MAX_LENGTH),
    },
)


@admin.register(LogEntryRow)
class LogEntryAdmin(TableAdmin):
    table = LogEntry
    list_display = ("title", "captain", "entry_id", "created", "updated")
    sorted_by = "entry_id"
    ordering = ("-entry_id",)
    search_help_text = SEARCH_HELP

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("captain", "title", "text")
        return ("captain", "entry_id", "created", "updated", "title", "text")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("captain", "entry_id", "created", "updated")

    def listing(self, search: str, *, descending: bool):
        if not search:
            return TableScan(LogEntry)
        if "/" in search:
            return super().listing(search, descending=descending)
        return KeyQuery(LogEntry, username_key(search), forward=not descending)

    def object_write(self, request, obj, form, change):
        if not change:
            captain = user_get(username=obj.captain)
            if captain is None:
                raise WriteRefused(NO_SUCH_CAPTAIN, "captain")
            entry = services.entry_create(
                captain=username_key(captain.username), title=obj.title, text=obj.text
            )
            obj.key, obj.entry_id = self.item_key(entry), entry.entry_id
            return
        try:
            services.entry_update(obj.item, title=obj.title, text=obj.text, version=obj.version)
        except services.EntryChanged as error:
            raise WriteRefused(str(error)) from error

    def object_delete(self, request, obj):
        try:
            services.entry_delete(obj.item, version=obj.version)
        except services.EntryChanged as error:
            raise WriteRefused(str(error)) from error
