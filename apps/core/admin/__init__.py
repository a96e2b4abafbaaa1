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
AdminSite with "Recent actions"), ``content_types``, ``permissions``,
``stylesheet`` (Django's admin stylesheets served as one file a page).

Django's private APIs the adapter relies on (checked on Django 5.2 and 6.1:
``make test-django6``; each is where Django offers no public way to skip the
ORM). Re-read them when upgrading Django:

- ``ModelAdmin._changeform_view`` and ``ModelAdmin._delete_view`` (``options``),
  and ``UserAdmin._add_view`` (apps/accounts/admin.py): the public views wrap
  these in ``transaction.atomic(using=...)``, which needs a database; the
  adapter calls them without it, with the public views' own decorators.
- ``ModelAdmin._get_obj_does_not_exist_redirect`` (``options.history_view``):
  the admin's own "doesn't exist" message and redirect, as its other views give.
- ``BaseModelForm._post_clean`` and ``BaseForm._errors`` (``options.get_form``):
  the write happens while the form is validated, once no field has an error,
  so that a service's refusal (a stale version, a taken name) lands on the
  form as an error, with what was typed kept (``form.errors`` would validate
  again from inside the validation).
- ``Model._state.adding`` (``options.to_object``): marks an object read from
  DynamoDB as existing, so that the form treats the save as a change.
- ``ChangeList`` internals (``changelist``): ``get_queryset(request,
  exclude_parameters)`` and ``get_results`` are replaced whole, and set the
  attributes Django's templates and ``ChangeList.__init__`` read
  (``filter_specs``, ``has_filters``, ``has_active_filters``,
  ``clear_all_filters_qs``, ``result_list``, ``result_count``,
  ``full_result_count``, ``show_full_result_count``, ``show_admin_actions``,
  ``can_show_all``, ``multi_page``, ``paginator``); ``params`` and ``query``
  are read; the query-string names ``ERROR_FLAG``, ``IS_POPUP_VAR``,
  ``ORDER_VAR``, ``SEARCH_VAR``, ``TO_FIELD_VAR`` of
  ``django.contrib.admin.views.main``, and ``IncorrectLookupParameters`` of
  ``django.contrib.admin.options`` (Django's "?e=1" redirect for an unknown
  parameter). A DynamoDB page is not a QuerySet; there is no public hook for
  where a changelist's rows come from.
- ``admin.utils.model_format_dict`` reading ``verbose_name`` and
  ``verbose_name_plural`` from whatever is not a QuerySet (``changelist.Rows``):
  the delete confirmation's and the actions' messages.
- ``ContentTypeManager._cache`` and ``_add_to_cache`` (``content_types``): the
  admin asks for ContentTypes, and a filled cache is the only way to answer
  without the ContentType table.
- ``forms.Media._js`` and ``_css`` (``options.media``, ``options.render_change_form``):
  a page's scripts, to defer them and leave out those it does not use; Media
  offers no public list of its scripts (Django 5.2 lists paths there, 6
  ``forms.Script`` objects, whose path is ``Script._path``).
- The blocks of Django's admin templates and what they hold (templates/admin/):
  the head's ``stylesheet``, ``dark-mode-vars``, ``extrastyle``, ``extrahead``
  and ``responsive`` are replaced whole, so that a page links one stylesheet
  (``stylesheet``) and defers the translations script; a stylesheet or script
  a new Django adds there is left out until it is added back (the browser tests
  compare what a page loads, on 5.2 and 6.1).
- ``AdminSite._registry`` (``permissions``): every registered model, to offer
  its permissions; ``AdminSite.get_app_list`` would build URLs for each too.
- ``path()`` given the ``(urlconf, app_name, namespace)`` triple that
  ``include()`` returns, with the urlconf as a dotted path (``urls_of`` in
  site_project/urls.py): ``URLResolver`` imports it when first resolved or
  reversed, as it does the root URLconf. So the admin's URLs, and the
  autodiscovery they need (``apps``, ``urls``), wait for the admin.
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
