"""Users in the admin: Django's UserAdmin on the DynamoDB users table.

Lists the users table a page at a time. Search: an exact username or email
address finds that account (one read by key, or by the email's claim); any
other text is looked for inside usernames and email addresses by a Scan, a
page of the table at a time, and the page says how much it has searched.
Every write goes through apps/accounts/services.py (unique usernames and
emails, the version the form was opened with); deleting a user goes through
``account_close``: closed at once, deleted in the background. Only superusers
may grant staff or superuser status or permissions, and only superusers may
view, change, set the password of, delete or read the history of a staff or
superuser record, their own included (``has_*_permission`` with the record,
which every door of the admin asks, bulk deletion too:
apps/core/admin/options.py); the add form never makes staff. Superusers also
make two-factor enrolment links and reset second factors here
(``two_factor_view``). Group, whose admin queries the ORM, is removed.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from pynamodb.expressions.condition import Condition

from apps.accounts import services
from apps.accounts.factors import factor_reset, factor_state, link_create
from apps.accounts.models import User
from apps.accounts.records import UserRecord
from apps.accounts.selectors import (
    user_from_record,
    user_get_by_email,
    user_record_get,
    username_key,
)
from apps.accounts.services import account_close
from apps.accounts.signin import is_staff
from apps.core.admin import Found, TableAdmin, TableScan, WriteRefused
from apps.core.admin.permissions import permission_choices
from apps.core.dates import moment_text
from apps.core.site import user_data_notes

admin.site.unregister(Group)

SEARCH_HELP = (
    "An exact username or email address finds that account (one read by key). Other text is "
    "looked for inside usernames and email addresses, by a Scan of the users table a page "
    "at a time."
)


class PermissionsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class AccountChangeForm(UserChangeForm):
    permissions = PermissionsField(
        required=False,
        help_text="What this staff member may do in the admin (superusers may do everything).",
    )

    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "permissions" in self.fields:
            self.fields["permissions"].choices = permission_choices(admin.site)
            self.fields["permissions"].initial = sorted(self.instance.permissions)


class AccountCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_username(self):
        """Taken names are refused by the conditional write that creates the user."""
        return self.cleaned_data.get("username")


@admin.register(User)
class AccountAdmin(TableAdmin, UserAdmin):
    table = UserRecord
    form = AccountChangeForm
    add_form = AccountCreationForm
    # Django's, less their stylesheets (templates/admin/base_site.html links them as one)
    add_form_template = "admin/accounts/user/add_form.html"
    change_user_password_template = "admin/accounts/user/change_password.html"  # noqa: S105
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_superuser")
    list_filter = ()
    ordering = ()
    filter_horizontal = ()
    search_help_text = SEARCH_HELP
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email", "phone_number", "bio")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "permissions", "two_factor")},
        ),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "usable_password", "password1", "password2"),
            },
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        fixed = ("username", "two_factor", "last_login", "date_joined") if obj is not None else ()
        if not request.user.is_superuser:  # staff cannot raise anyone's powers, their own neither
            fixed += ("is_staff", "is_superuser", "permissions")
        return fixed

    # --- only superusers touch staff: every door asks these three ---

    def _staff_record_refused(self, request, obj) -> bool:
        """A staff or superuser record, and someone other than a superuser asking."""
        return obj is not None and is_staff(obj) and not request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        refused = self._staff_record_refused(request, obj)
        return not refused and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        refused = self._staff_record_refused(request, obj)
        return not refused and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        refused = self._staff_record_refused(request, obj)
        return not refused and super().has_delete_permission(request, obj)

    # --- two-factor sign-in: the state on the form, a page for superusers ---

    @admin.display(description="two-factor sign-in")
    def two_factor(self, obj):
        state = factor_state(obj)
        if state.enrolled:
            since = moment_text(state.enrolled_at, "date")
            text = f"On since {since}; {state.recovery_left} recovery codes left"
        elif state.link_open_until is not None:
            text = f"Off; an enrolment link is open until {moment_text(state.link_open_until)}"
        else:
            text = "Off"
        url = reverse("admin:accounts_user_two_factor", args=[quote(obj.pk)])
        return format_html('{} · <a href="{}">Enrolment link or reset</a>', text, url)

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/two-factor/",
                self.admin_site.admin_view(self.two_factor_view),
                name="accounts_user_two_factor",
            )
        ]
        return own + super().get_urls()

    def two_factor_view(self, request, object_id):
        """Superusers make a one-time enrolment link for a user, or reset their factor."""
        user = self.get_object(request, unquote(object_id))
        if user is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not request.user.is_superuser:
            raise PermissionDenied
        link = None
        if request.method == "POST":
            link = self._two_factor_act(request, user, request.POST.get("action"))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Two-factor sign-in: {user}",
            "subtitle": None,
            "opts": self.opts,
            "original": user,
            "state": factor_state(user),
            "link": link,
            "link_days": settings.TWO_FACTOR_LINK_DAYS,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/accounts/user/two_factor.html", context)

    def _two_factor_act(self, request, user, action) -> str | None:
        if action == "link":
            token = link_create(user)
            self.log_change(request, user, "Made a two-factor enrolment link.")
            return request.build_absolute_uri(reverse("accounts:two_factor_link", args=[token]))
        if action == "reset":
            by = f"the superuser {request.user.get_username()}"
            if factor_reset(user, by=by):
                self.log_change(request, user, "Reset the second factor.")
                self.message_user(request, f"{user}'s second factor is reset; signed out.")
            else:
                self.message_user(request, f"{user} had no second factor.", messages.WARNING)
        return None

    def listing(self, search: str, *, descending: bool):
        if not search:
            return TableScan(UserRecord)
        found = user_record_get(username=search) or _record_by_email(search)
        if found is not None:
            return Found([found])
        return TableScan(UserRecord, _contains(search))

    def object_get(self, key: str):
        record = user_record_get(username=key)
        return None if record is None else self.to_object(record)

    def to_object(self, item):
        user = user_from_record(item)
        user.item = item
        return user

    def object_write(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.is_staff = obj.is_superuser = False  # the add form never makes staff
            obj.permissions = frozenset()
        try:
            if change:
                if "permissions" in form.cleaned_data:
                    obj.permissions = frozenset(form.cleaned_data["permissions"])
                services.user_save(obj)
            else:
                _user_create(obj, form)
        except services.UsernameTaken as error:
            raise WriteRefused(str(error), "username") from error
        except services.EmailTaken as error:
            raise WriteRefused(str(error), "email") from error
        except services.UserChanged as error:
            raise WriteRefused(str(error)) from error

    def object_delete(self, request, obj):
        account_close(obj)

    def deletion_related(self, request, obj):
        """What account deletion takes and leaves, in each app's own words (as the user is told)."""
        notes = user_data_notes()
        deleted = [f"{note['app']}: {note['text']}" for note in notes["deleted"]]
        return deleted + [f"Kept, {note['app']}: {note['text']}" for note in notes["kept"]]

    # UserAdmin.add_view's own decorators, without its transaction.atomic.
    @method_decorator([sensitive_post_parameters(), csrf_protect])
    def add_view(self, request, form_url="", extra_context=None):
        return self._add_view(request, form_url, extra_context)


def _user_create(obj: User, form) -> None:
    usable = form.cleaned_data.get("set_usable_password", True)
    password = form.cleaned_data.get("password1") if usable else None
    created = services.user_create(
        username=obj.username,
        email=obj.email,
        password=password or None,
        is_active=obj.is_active,
        is_staff=obj.is_staff,
        is_superuser=obj.is_superuser,
    )
    obj.username, obj.version = created.username, created.version


def _record_by_email(search: str) -> UserRecord | None:
    if "@" not in search:
        return None
    user = user_get_by_email(email=search)
    return None if user is None else user_record_get(username=user.username)


def _contains(search: str) -> Condition:
    return UserRecord.username_key.contains(username_key(search)) | UserRecord.email.contains(
        search.strip()
    )
