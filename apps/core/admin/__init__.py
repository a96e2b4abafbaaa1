"""Django's admin on the PynamoDB tables: an adapter every app's ``admin.py`` uses.

Registering a table takes a shadow model (the admin's ``_meta``) and a
``TableAdmin`` that says how to list, read, write and delete through the app's
services. For a table ``Thing`` with a hash key ``thing_id`` and a version::

    from django.contrib import admin

    from apps.core.admin import TableAdmin, WriteRefused, shadow_model
    from apps.things import selectors, services
    from apps.things.models import Thing

    ThingRow = shadow_model(Thing, name="Thing", app_label="things", module=__name__,
                            key_field="thing_id")

    @admin.register(ThingRow)
    class ThingAdmin(TableAdmin):
        table = Thing
        list_display = ("thing_id", "title", "created")
        search_help_text = "A thing's id: that thing (one read by key)."

        def object_write(self, request, obj, form, change):
            try:
                services.thing_update(obj.item, title=obj.title, version=obj.version)
            except services.ThingChanged as error:
                raise WriteRefused(str(error)) from error

        def object_delete(self, request, obj):
            services.thing_delete(obj.item, version=obj.version)

By default the changelist is a paginated Scan of the table and a search looks
up the exact key typed. Override ``listing(search, descending=...)`` to return
a ``KeyQuery`` (a Query on the table or an index, sorted by its range key:
set ``sorted_by`` to that column and ``ordering``), a ``TableScan`` with a
filter condition (a substring search: the page notes how much of the table it
has searched), or ``Found`` (items read by key). Override ``object_get`` for
composite keys (the admin's id is then a string you make in ``to_object``,
e.g. ``"<hash>/<range>"``), and ``deletion_related`` to list what goes with
an object on the delete confirmation. The permissions (view, add, change,
delete) of every registered model are offered in the user admin.

Modules: ``shadow`` (the unmanaged models), ``pages`` (one Scan or Query page
from a signed cursor), ``changelist`` (Django's ChangeList on those pages),
``options`` (``TableAdmin``), ``audit`` (the log in DynamoDB), ``site`` (the
AdminSite with "Recent actions"), ``content_types``, ``permissions``.
"""

_EXPORTS = {
    "TableAdmin": "apps.core.admin.options",
    "WriteRefused": "apps.core.admin.options",
    "shadow_model": "apps.core.admin.shadow",
    "Found": "apps.core.admin.pages",
    "KeyQuery": "apps.core.admin.pages",
    "TableScan": "apps.core.admin.pages",
}


def __getattr__(name: str):
    """Imported on first use: INSTALLED_APPS loads apps.core.admin.apps before models exist."""
    if name not in _EXPORTS:
        raise AttributeError(name)
    import importlib

    return getattr(importlib.import_module(_EXPORTS[name]), name)
