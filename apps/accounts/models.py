"""Accounts: the tables (PynamoDB) and the in-memory user Django's auth works with.

``User`` is an unmanaged Django model: Django's auth machinery (login, the
admin, the password views, createsuperuser) gets the model it expects, while
``save()``, ``delete()`` and the manager go to DynamoDB through
apps/accounts/services.py and selectors.py. There is no table behind it.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils import timezone
from pynamodb.attributes import (
    BooleanAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection

from apps.accounts.managers import UserManager
from apps.accounts.validators import USERNAME_HELP, USERNAME_MAX_LENGTH, UsernameValidator
from apps.core.dynamodb.models import TableModel
from apps.core.forms import EMAIL_MAX_LENGTH


class UserRecord(TableModel):
    """One user account.

    Access patterns: sign-in, session load, profile and admin read one user by
    ``username_key`` (the case-folded username; GetItem). Creating a user is a
    conditional put inside the transaction that also claims the email (see
    UniqueClaim), so usernames are unique case-insensitively. Edits carry
    ``version`` (optimistic locking). A record with ``closed_at`` is an account
    being deleted: the selectors treat it as absent.
    """

    class Meta:
        logical_name = "users"

    username_key = UnicodeAttribute(hash_key=True)
    username = UnicodeAttribute()
    email = UnicodeAttribute()
    password = UnicodeAttribute()
    first_name = UnicodeAttribute(default="")
    last_name = UnicodeAttribute(default="")
    phone_number = UnicodeAttribute(default="")
    bio = UnicodeAttribute(default="")
    is_active = BooleanAttribute(default=True)
    is_staff = BooleanAttribute(default=False)
    is_superuser = BooleanAttribute(default=False)
    date_joined = UTCDateTimeAttribute()
    last_login = UTCDateTimeAttribute(null=True)
    # Set when the account's deletion begins (services.account_delete): from then
    # on nothing signs in as it, whatever is left to clean up.
    closed_at = UTCDateTimeAttribute(null=True)
    # Admin permissions of a non-superuser staff member: "<app_label>.<action>_<model>".
    permissions = UnicodeSetAttribute(null=True)
    version = VersionAttribute()


class UniqueClaim(TableModel):
    """A value that only one account may hold, such as an email address.

    Access patterns: password reset and sign-in by email read one claim by
    ``claim`` (``email#<case-folded address>``; GetItem) to find the owner's
    ``username_key``. Sign-up and email changes write claims with
    ``attribute_not_exists`` in the same transaction as the user.

    ``retired#<username key>`` is the claim a deleted account leaves on its
    name: sign-up checks it (a ConditionCheck in its transaction), so a name is
    never given out again and nobody inherits the links and bills that still
    carry it.
    """

    class Meta:
        logical_name = "unique_claims"

    claim = UnicodeAttribute(hash_key=True)
    owner = UnicodeAttribute()


class SessionsOfUser(GlobalSecondaryIndex):
    """A signed-in user's sessions; sparse: anonymous sessions have no ``user_key``."""

    class Meta:
        index_name = "user-index"
        projection = KeysOnlyProjection()

    user_key = UnicodeAttribute(hash_key=True)


class SessionRecord(TableModel):
    """One Django session (apps.accounts.sessions.SessionStore).

    Access patterns: every request that touches ``request.session`` or
    ``request.user`` reads one session by ``session_key`` (GetItem, strongly
    consistent); saving writes it back. ``expires`` lets DynamoDB delete old
    sessions, and ``load()`` refuses an expired one itself. Deleting an account
    finds its sessions with a Query of ``user-index`` by ``user_key`` (the
    signed-in user's username key, written with every save), a page at a time.
    """

    class Meta:
        logical_name = "sessions"

    session_key = UnicodeAttribute(hash_key=True)
    data = UnicodeAttribute()
    expires = TTLAttribute()
    user_key = UnicodeAttribute(null=True)
    user_index = SessionsOfUser()


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

    # services and selectors import this module, hence the imports inside methods.
    def save(self, *args, update_fields=None, **kwargs) -> None:
        from apps.accounts.services import user_save

        user_save(self, update_fields=update_fields)
        if self._password is not None:
            from django.contrib.auth import password_validation

            password_validation.password_changed(self._password, self)
            self._password = None

    def delete(self, *args, **kwargs) -> None:
        """Delete the account with everything that is its owner's (services.account_delete)."""
        from apps.accounts.services import account_delete

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
            from django.contrib import admin

            from apps.core.admin.permissions import permission_choices

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
