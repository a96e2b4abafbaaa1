"""Todo lists, todos and devices in the admin (apps/core/admin), from the one todos table.

Each kind is its own admin model over ``Record``; an admin id is
``<username key>/<item id>``. Search: a username lists that user's lists,
todos or devices (one Query on their partition, by ``SK`` prefix); an admin id
finds that item. Without a search the table is scanned a page at a time for
the kind, and the page says how much of the table it has read. Writes go
through apps/todos/services.py with the version the form was opened with.
Devices are shown without their token (only its hash is stored, and that is
not shown either) and can be revoked: deleting a device deletes its token,
which stops working at once.
"""

from django.contrib import admin
from django.db import models

from apps.accounts.selectors import user_get, username_key
from apps.accounts.validators import USERNAME_KEY_MAX_LENGTH
from apps.core.admin import KeyQuery, TableAdmin, TableScan, WriteRefused, shadow_model
from apps.core.admin.options import key_join, key_split
from apps.todos import selectors, services
from apps.todos.forms import NAME_MAX_LENGTH, NOTES_MAX_LENGTH, TITLE_MAX_LENGTH
from apps.todos.keys import device_sk, list_sk, todo_sk, user_pk
from apps.todos.models import DEVICE, LIST, TODO, Record

SEARCH_HELP = (
    "A username lists that user's {kind} (one Query on their partition); "
    "an id as shown in the address bar finds that one."
)
NO_SUCH_LIST = "The user has no list with this id."
NO_SUCH_USER = "No account has this username."
COMMON = ("PK", "SK", "kind", "write_token", "expires", "changed", "list_key", "owner")
TOKEN_FIELDS = ("token_hash", "device_id", "last_used")


def _user_of(record: Record) -> str:
    return user_pk.value(record.PK)


class KindAdmin(TableAdmin):
    """An admin of one ``kind`` of the todos table."""

    table = Record
    kind = ""
    prefix = ""  # the SK prefix of the kind

    def item_key(self, item) -> str:
        return key_join(_user_of(item), item.item_id)

    def object_get(self, key: str):
        parts = key_split(key)
        if parts is None:
            return None
        record = self.read(user=parts[0], item_id=parts[1])
        return None if record is None or record.kind != self.kind else self.to_object(record)

    def listing(self, search: str, *, descending: bool):
        if not search:
            return TableScan(Record, Record.kind == self.kind)
        if "/" in search:
            return super().listing(search, descending=descending)
        condition = Record.SK.startswith(self.prefix)
        return KeyQuery(Record, user_pk(username_key(search)), range_key_condition=condition)

    def to_object(self, item):
        obj = super().to_object(item)
        obj.user = _user_of(item)
        return obj


def kind_shadow(name: str, fields: dict, exclude: tuple, label):
    return shadow_model(
        Record,
        name=name,
        app_label="todos",
        module=__name__,
        fields={
            "user": models.CharField(
                max_length=USERNAME_KEY_MAX_LENGTH, help_text="The owner's username."
            ),
            **fields,
        },
        exclude=COMMON + exclude,
        label=label,
    )


TodoListRow = kind_shadow(
    "TodoList",
    {"name": models.CharField(max_length=NAME_MAX_LENGTH)},
    ("title", "notes", "due", "completed", "order", "list_id", "updated_at", *TOKEN_FIELDS),
    label=lambda row: row.name,
)
TodoRow = kind_shadow(
    "Todo",
    {
        "title": models.CharField(max_length=TITLE_MAX_LENGTH),
        "notes": models.TextField(max_length=NOTES_MAX_LENGTH, blank=True, null=True),
        "due": models.DateField(blank=True, null=True),
    },
    ("name", *TOKEN_FIELDS),
    label=lambda row: row.title,
)
DeviceRow = kind_shadow(
    "Device",
    {},
    ("title", "notes", "due", "completed", "order", "updated_at", *TOKEN_FIELDS),
    label=lambda row: row.name,
)


@admin.register(TodoListRow)
class TodoListAdmin(KindAdmin):
    kind, prefix = LIST, list_sk.start
    list_display = ("name", "user", "created", "version")
    search_help_text = SEARCH_HELP.format(kind="lists")

    def read(self, *, user, item_id):
        return selectors.list_get(user=user, list_id=item_id)

    def get_fields(self, request, obj=None):
        return ("user", "name") if obj is None else ("user", "name", "created")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("user", "created")

    def object_write(self, request, obj, form, change):
        if not change:
            if user_get(username=obj.user) is None:
                raise WriteRefused(NO_SUCH_USER, "user")
            record = services.list_create(user=username_key(obj.user), name=obj.name)
            obj.key = self.item_key(record)
            return
        obj.item.version = obj.version
        try:
            services.list_rename(obj.item, name=obj.name)
        except services.Changed as error:
            raise WriteRefused(str(error)) from error

    def object_delete(self, request, obj):
        services.list_delete(user=obj.user, record=obj.item, check_version=False)

    def deletion_related(self, request, obj):
        return ["Every todo in this list (devices that sync are told)"]


@admin.register(TodoRow)
class TodoAdmin(KindAdmin):
    kind, prefix = TODO, todo_sk.start
    list_display = ("title", "user", "list_id", "completed", "due", "updated_at")
    search_help_text = SEARCH_HELP.format(kind="todos")
    EDITABLE = ("title", "notes", "due", "completed")

    def read(self, *, user, item_id):
        return selectors.todo_get(user=user, todo_id=item_id)

    def get_fields(self, request, obj=None):
        fields = ("user", "list_id", *self.EDITABLE)
        return fields if obj is None else (*fields, "order", "created", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("user", "list_id", "order", "created", "updated_at")

    def object_write(self, request, obj, form, change):
        due = obj.due.isoformat() if obj.due else None
        if not change:
            user = username_key(obj.user)
            if selectors.list_get(user=user, list_id=obj.list_id or "") is None:
                raise WriteRefused(NO_SUCH_LIST, "list_id")
            todo = services.todo_create(
                user=user,
                list_id=obj.list_id,
                title=obj.title,
                notes=obj.notes or "",
                due=due,
                completed=bool(obj.completed),
            )
            obj.key = self.item_key(todo)
            return
        obj.item.version = obj.version
        changes = {"title": obj.title, "notes": obj.notes, "due": due, "completed": obj.completed}
        try:
            services.todo_update(obj.item, changes)
        except services.Changed as error:
            raise WriteRefused(str(error)) from error

    def object_delete(self, request, obj):
        services.todo_delete(user=obj.user, todo=obj.item, check_version=False)


@admin.register(DeviceRow)
class DeviceAdmin(KindAdmin):
    kind, prefix = DEVICE, device_sk.start
    list_display = ("name", "user", "list_id", "created")
    readonly_fields = ("user", "name", "list_id", "created")
    search_help_text = SEARCH_HELP.format(kind="devices")

    def read(self, *, user, item_id):
        return selectors.device_get(user=user, device_id=item_id)

    def get_fields(self, request, obj=None):
        return self.readonly_fields

    def has_add_permission(self, request):
        return False  # a token is shown once, to its device's owner: made on the Devices page

    def has_change_permission(self, request, obj=None):
        return False

    def object_delete(self, request, obj):
        services.devices_revoke(devices=[obj.item])

    def deletion_related(self, request, obj):
        return ["Its API token, which stops working at once (revoked)"]
