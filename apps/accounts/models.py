"""The user Django's auth machinery works with: an unmanaged model, stored as a UserRecord.

Django's auth (login, the admin, the password views, createsuperuser) gets the
model it expects, while ``save()``, ``delete()`` and the manager (managers.py)
go to DynamoDB through services.py and selectors.py. There is no table behind
it: the accounts' tables are in records.py.

Imports run one way, none of them hidden inside a function::

    records <- selectors <- sessions <- services <- managers <- models

The selectors and services never import this module: they build users with
``get_user_model()``, as Django's own auth code does. That is what lets the
model and its manager call them.
"""

from django.contrib import admin
from django.contrib.auth import password_validation
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils import timezone

from apps.accounts import records  # noqa: F401  (the tables register with the app's models)
from apps.accounts.managers import UserManager
from apps.accounts.services import account_delete, user_save
from apps.accounts.validators import USERNAME_HELP, USERNAME_MAX_LENGTH, UsernameValidator
from apps.core.admin.permissions import permission_choices
from apps.core.forms import EMAIL_MAX_LENGTH


class User(AbstractBaseUser):
    """The user Django's auth framework sees; stored as a UserRecord."""

    username = models.CharField(
        "username",
        max_length=USERNAME_MAX_LENGTH,
        primary_key=True,
        validators=[UsernameValidator()],
        help_text=USERNAME_HELP,
        error_messages={"unique": "That username is taken."},
    )
    email = models.EmailField("email address", max_length=EMAIL_MAX_LENGTH)
    first_name = models.CharField("first name", max_length=150, blank=True)
    last_name = models.CharField("last name", max_length=150, blank=True)
    phone_number = models.CharField("phone number", max_length=32, blank=True)
    bio = models.TextField("bio", max_length=2000, blank=True)
    is_active = models.BooleanField("active", default=True)
    is_staff = models.BooleanField("staff status", default=False)
    is_superuser = models.BooleanField("superuser status", default=False)
    date_joined = models.DateTimeField("date joined", default=timezone.now)
    version = models.IntegerField(null=True, editable=False)

    # The admin permissions granted to this staff member (UserRecord.permissions);
    # not a Django field: they are edited with the admin's own form field.
    permissions: frozenset[str] = frozenset()

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["email"]

    class Meta:
        managed = False
        db_table = "accounts_user"  # never created: users live in DynamoDB

    def save(self, *args, update_fields=None, **kwargs) -> None:
        user_save(self, update_fields=update_fields)
        if self._password is not None:
            password_validation.password_changed(self._password, self)
            self._password = None

    def delete(self, *args, **kwargs) -> None:
        """Delete the account with everything that is its owner's (services.account_delete)."""
        account_delete(self)

    def validate_unique(self, exclude=None) -> None:
        """Uniqueness is enforced by conditional writes when saving, never by a query."""

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.username

    # Permissions without the ORM: superusers hold all, other active staff those
    # granted to them, everyone else none (the admin never lets them in anyway).
    def get_all_permissions(self, obj=None) -> set[str]:
        if not ((self.is_active and self.is_staff) or (self.is_active and self.is_superuser)):
            return set()
        if self.is_superuser:
            return {value for value, _ in permission_choices(admin.site)}
        return set(self.permissions)

    def has_perm(self, perm, obj=None) -> bool:
        if self.is_active and self.is_superuser:
            return True
        return self.is_active and self.is_staff and perm in self.permissions

    def has_perms(self, perm_list, obj=None) -> bool:
        return all(self.has_perm(perm, obj) for perm in perm_list)

    def has_module_perms(self, app_label) -> bool:
        if self.is_active and self.is_superuser:
            return True
        prefix = f"{app_label}."
        granted = self.is_active and self.is_staff
        return granted and any(perm.startswith(prefix) for perm in self.permissions)
