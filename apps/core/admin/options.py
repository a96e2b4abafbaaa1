"""``TableAdmin``: Django's ModelAdmin on a PynamoDB table, without the ORM.

What each ORM call of the admin becomes:

- the changelist: one page of the admin's ``listing()`` (a Scan or Query, from a
  signed cursor; apps/core/admin/changelist.py), no counting;
- ``get_object``: ``object_get(key)``, one read by key; a made-up id is None,
  so the admin answers with its usual "doesn't exist" redirect;
- saving a form: ``object_write()``, the app's services, called while the form
  is validated so that a refusal (a stale version, a taken name) is shown on
  the form with what was typed, and nothing is written; the version the form
  was opened with travels in a hidden field;
- deleting: ``object_delete()``; the confirmation lists what goes with the
  object from ``deletion_related()`` instead of walking ORM relations;
- the log: the audit table (apps/core/admin/audit.py), written after the
  write it records;
- ``transaction.atomic``: not used (the views without it are called);
- ContentType: made up and cached (apps/core/admin/content_types.py).
"""

from __future__ import annotations

import django
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, DELETION
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.forms import HiddenInput, IntegerField
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.text import capfirst
from django.views.decorators.csrf import csrf_protect

from apps.core.admin.audit import HISTORY_LENGTH, audit_history, audit_record
from apps.core.admin.changelist import CursorChangeList, Rows
from apps.core.admin.content_types import content_type_ensure
from apps.core.admin.pages import Found, TableScan
from apps.core.dynamodb.storable import key_findable

STALE_FORM = (
    "This {name} was changed somewhere else since this form was opened: nothing was saved. "
    "Reload the page to see the changes, then edit again."
)
VERSION_FIELD = "loaded_version"
RELATED_LOOKUPS = "admin/js/admin/RelatedObjectLookups.js"
# What prepopulated_fields need (Django minifies XRegExp unless DEBUG).
PREPOPULATE_SCRIPTS = (
    "admin/js/urlify.js",
    "admin/js/prepopulate.js",
    "xregexp.js",
    "xregexp.min.js",
)
# jQuery, and the scripts of ModelAdmin.media that use it (widgets and inlines that use
# it, autocomplete.js and inlines.js, bring it in their own media).
JQUERY = ("jquery.js", "jquery.min.js", "admin/js/jquery.init.js")
JQUERY_USERS = (RELATED_LOOKUPS, "admin/js/prepopulate.js")


class WriteRefused(Exception):
    """A service refused an admin's write; ``message`` is shown, on ``field`` if given."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message, self.field = message, field


# The admin's id of an item with a range key: "<hash>/<range>". Hash keys of
# the site's tables never hold a "/"; a range key may.
KEY_SEPARATOR = "/"


def key_join(*parts) -> str:
    return KEY_SEPARATOR.join(str(part) for part in parts)


def key_split(key: str, parts: int = 2) -> list[str] | None:
    """The parts of an admin id, or None when it cannot be one (a made-up id)."""
    pieces = key.split(KEY_SEPARATOR, parts - 1)
    if len(pieces) != parts or not all(key_findable(piece) for piece in pieces):
        return None
    return pieces


def _key_names(table) -> list[str]:
    return [name for name in (table._hash_keyname, table._range_keyname) if name]


class TableAdmin(admin.ModelAdmin):
    """A ModelAdmin whose model is a shadow of a PynamoDB table (apps/core/admin/shadow.py).

    Subclasses set ``table`` and may override ``listing``, ``object_get``,
    ``to_object``, ``object_write``, ``object_delete`` and ``deletion_related``.
    """

    table = None  # the PynamoDB model
    sorted_by: str | None = None  # the column a listing's Query sorts by, if any
    list_per_page = 50
    list_max_show_all = 0
    show_full_result_count = False
    view_on_site = False
    change_list_template = "admin/table/change_list.html"
    change_form_template = "admin/table/change_form.html"

    @property
    def media(self):
        """Django's scripts for a ModelAdmin, deferred (they act once the page is read: as
        they were, they held back its first paint on a phone), less those of prepopulated
        fields when it has none (urlify.js, prepopulate.js and XRegExp, 170 kB), and on
        Django 5.2 less RelatedObjectLookups.js: a table's rows have no related objects to
        look up, and 5.2's copy of that script has an "unload" listener, deprecated in
        browsers. Django 6's copy has none, and its change forms' scripts rely on it, so
        there it stays. Without those, no script left uses jQuery (90 kB, whose start-up
        alone held a phone's main thread for 200 ms): it goes too. (Reads
        ``forms.Media._js``, private: Media offers no public list of its scripts; Django
        5.2 lists paths there, 6 ``forms.Script`` objects, whose path is ``_path``.)
        templates/admin/prepopulated_fields_js.html defers the one script of a change form
        that uses them."""
        unused = () if self.prepopulated_fields else PREPOPULATE_SCRIPTS
        if django.VERSION < (6,):
            unused += (RELATED_LOOKUPS,)
        scripts = [_script_deferred(js) for js in super().media._js]
        scripts = [js for js in scripts if not js._path.endswith(unused)]
        if not any(js._path.endswith(JQUERY_USERS) for js in scripts):
            scripts = [js for js in scripts if not js._path.endswith(JQUERY)]
        return forms.Media(js=scripts)

    # --- what an app's admin says about its table ---

    def listing(self, search: str, *, descending: bool):
        """Where the changelist's rows come from: the table, or the item with key ``search``."""
        if search:
            found = self.object_get(search)
            return Found([found.item] if found is not None else [])
        return TableScan(self.table)

    def object_get(self, key: str):
        """The object with admin id ``key``, read by key; None when there is none."""
        parts = key_split(key, len(_key_names(self.table)))
        if parts is None:
            return None
        try:
            return self.to_object(self.table.get(*parts, consistent_read=True))
        except self.table.DoesNotExist:
            return None

    def item_key(self, item) -> str:
        """The admin's id of ``item``: its hash key, and ``/`` and its range key if any."""
        return key_join(*(getattr(item, name) for name in _key_names(self.table)))

    def to_object(self, item):
        """A shadow instance carrying ``item``'s values, and ``item`` itself."""
        values = {
            field.attname: getattr(item, field.attname, None)
            for field in self.model._meta.concrete_fields
            if hasattr(item, field.attname)
        }
        obj = self.model(**values)
        if self.model._meta.pk.name == "key":  # a shadow's own id field (shadow_model)
            obj.key = self.item_key(item)
        obj.item = item
        obj._state.adding = False
        return obj

    def object_write(self, request, obj, form, change: bool) -> None:
        """Save ``obj`` through the app's services; raise WriteRefused when they refuse."""
        raise NotImplementedError(f"{type(self).__name__} does not save {self.opts.verbose_name}.")

    def object_delete(self, request, obj) -> None:
        """Delete ``obj`` through the app's services; raise WriteRefused when they refuse."""
        raise NotImplementedError(f"{type(self).__name__} does not delete.")

    def deletion_related(self, request, obj) -> list[str]:
        """What else goes when ``obj`` is deleted, in words, for the confirmation page."""
        return []

    # --- the ORM's places, replaced ---

    def get_queryset(self, request) -> Rows:
        return Rows([], self)

    def get_object(self, request, object_id, from_field=None):
        return self.object_get(str(object_id))

    def get_changelist(self, request, **kwargs):
        return CursorChangeList

    def get_sortable_by(self, request):
        return (self.sorted_by,) if self.sorted_by else ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class TableForm(form_class):
            loaded_version = IntegerField(required=False, widget=HiddenInput)

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if obj is not None:
                    self.fields[VERSION_FIELD].initial = getattr(obj, "version", None)

            def _post_clean(self):
                super()._post_clean()
                if self.is_bound and not self._errors:
                    model_admin._form_write(request, self, change=obj is not None)

        TableForm.__name__ = form_class.__name__
        return TableForm

    def _form_write(self, request, form, *, change: bool) -> None:
        obj = form.instance
        if change and _versioned(obj):
            loaded = form.cleaned_data.get(VERSION_FIELD)
            if loaded is None or loaded != obj.version:
                form.add_error(None, STALE_FORM.format(name=self.opts.verbose_name))
                return
        try:
            self.object_write(request, obj, form, change)
        except WriteRefused as refusal:
            form.add_error(refusal.field, refusal.message)

    def save_model(self, request, obj, form, change) -> None:
        """Written already, through the services, when the form was validated."""

    def save_related(self, request, form, formsets, change) -> None:
        """No relations: a table's items are saved whole."""

    @method_decorator(csrf_protect)
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, *args, **kwargs):
        """Django's, with every script of the page deferred: the form widgets' too
        (calendar.js, DateTimeShortcuts.js), which run after the deferred translations
        (templates/admin/table/change_form_head.html)."""
        content_type_ensure(self.model)
        media = context["media"]
        context["media"] = forms.Media(
            css=media._css, js=[_script_deferred(js) for js in media._js]
        )
        return super().render_change_form(request, context, *args, **kwargs)

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except WriteRefused as refusal:  # a bulk delete the services refused part-way
            self.message_user(request, refusal.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    @method_decorator(csrf_protect)
    def delete_view(self, request, object_id, extra_context=None):
        try:
            return self._delete_view(request, object_id, extra_context)
        except WriteRefused as refusal:
            self.message_user(request, refusal.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def get_deleted_objects(self, objs, request):
        """What the confirmation lists: each object, then what goes with it.

        Objects the user may not delete (``has_delete_permission`` asked of each)
        are returned as missing permissions: Django then shows them and refuses
        the POST, for the bulk action as for one object's delete page.
        """
        listed, refused = [], set()
        for obj in objs:
            if not self.has_delete_permission(request, obj):
                refused.add(f"{self.opts.verbose_name} {obj}")
            related = self.deletion_related(request, obj)
            listed.extend(
                [self._deletion_line(obj), related] if related else [self._deletion_line(obj)]
            )
        counts = {self.opts.verbose_name_plural: len(objs)}
        return listed, counts, refused, []

    def _deletion_line(self, obj) -> str:
        url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=(quote(obj.pk),),
            current_app=self.admin_site.name,
        )
        return format_html('{}: <a href="{}">{}</a>', capfirst(self.opts.verbose_name), url, obj)

    def delete_model(self, request, obj) -> None:
        self.object_delete(request, obj)
        audit_record(
            user=request.user,
            model=self.model,
            object_id=str(obj.pk),
            object_repr=str(obj),
            action=DELETION,
            message="",
        )

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    # --- the log: the audit table, written after the write ---

    def log_addition(self, request, obj, message):
        self._audit(request, obj, ADDITION, message)

    def log_change(self, request, obj, message):
        self._audit(request, obj, CHANGE, message)

    def log_deletions(self, request, queryset):
        """Django logs before deleting; delete_model logs once the delete is done."""

    def _audit(self, request, obj, action: int, message) -> None:
        audit_record(
            user=request.user,
            model=self.model,
            object_id=str(obj.pk),
            object_repr=str(obj),
            action=action,
            message=message,
        )

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        entries = audit_history(self.model, str(obj.pk))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Change history: {obj}",
            "subtitle": None,
            "action_list": Paginator(entries, HISTORY_LENGTH).get_page(1),
            "pagination_required": False,
            "module_name": str(capfirst(self.opts.verbose_name_plural)),
            "object": obj,
            "opts": self.opts,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/object_history.html", context)


def _versioned(obj) -> bool:
    try:
        obj._meta.get_field("version")
    except FieldDoesNotExist:
        return False
    return True


def _script_deferred(js) -> forms.Script:
    """A Media script (a path, or a forms.Script) as a deferred forms.Script."""
    if isinstance(js, str):
        return forms.Script(js, defer=True)
    if "defer" in js.attributes or "async" in js.attributes:
        return js
    return forms.Script(js._path, defer=True, **js.attributes)
