"""Writing accounts to DynamoDB: the only module that changes users and claims.

Usernames and email addresses are unique case-insensitively because the user
item and the email's UniqueClaim are written in one transaction, each with
``attribute_not_exists``: of any number of concurrent sign-ups for one name,
exactly one commits. Every write goes through apps/core/writes.py and honours
the version the user was loaded with.
"""

from __future__ import annotations

from apps.accounts.models import UniqueClaim, User, UserRecord
from apps.accounts.selectors import email_claim, user_get, user_record_get, username_key
from apps.core.writes import (
    ConditionFailed,
    Transaction,
    TransactionRefused,
    item_replace,
    item_update,
    transaction_commit,
)

USERNAME_TAKEN = "That username is taken. Please choose another."
EMAIL_TAKEN = "An account with this email address already exists."
USER_CHANGED = "This account was changed somewhere else meanwhile. Reload the page and try again."
# Fields a write may set whatever the version: a sign-in must not fail because
# another sign-in of the account just happened. The version still moves on.
UNCHECKED_FIELDS = {"last_login"}


class AccountError(Exception):
    """A write that cannot be done; the message is fit to show to the user."""


class UsernameTaken(AccountError):
    pass


class EmailTaken(AccountError):
    pass


class UserChanged(AccountError):
    pass


def user_create(
    *,
    username: str,
    email: str,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    phone_number: str = "",
    bio: str = "",
    is_active: bool = True,
    is_staff: bool = False,
    is_superuser: bool = False,
    idempotency_key: str | None = None,
) -> User:
    """Create an account; UsernameTaken or EmailTaken if another holds either.

    ``idempotency_key`` (the sign-up form's) makes a resubmission of a sign-up
    that already committed succeed instead of finding its own name taken.
    """
    user = User(
        username=User.normalize_username(username),
        email=User.objects.normalize_email(email),
        first_name=first_name,
        last_name=last_name,
        phone_number=phone_number,
        bio=bio,
        is_active=is_active,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    if not _user_insert(user, idempotency_key):
        return user_get(username=user.username)  # created by an earlier submission of the form
    return user


def user_save(user: User, *, update_fields=None) -> None:
    """Persist a user: create it, update some fields, or replace it (optimistic lock)."""
    if user.version is None:
        _user_insert(user, None)
    elif update_fields:
        _user_update_fields(user, set(update_fields))
    else:
        _user_replace(user)


def user_profile_update(
    user: User, *, first_name: str, last_name: str, email: str, phone_number: str, bio: str
) -> User:
    """Change a user's own profile; EmailTaken or UserChanged when it cannot be saved."""
    user.first_name, user.last_name = first_name, last_name
    user.email = User.objects.normalize_email(email)
    user.phone_number, user.bio = phone_number, bio
    _user_replace(user)
    return user


def user_delete(user: User) -> None:
    """Delete the account and its email claim, whatever was edited meanwhile."""
    stored = user_record_get(username=user.username)
    if stored is None:
        return
    transaction = Transaction()
    transaction.delete(stored, check_version=False)
    transaction.delete(UniqueClaim(email_claim(stored.email)))
    transaction_commit(transaction)


def _user_insert(user: User, idempotency_key: str | None) -> bool:
    """False when an earlier submission with the same key already created the user."""
    record = _record_from_user(user)
    transaction = Transaction(nonce=idempotency_key)
    transaction.create(record)
    transaction.create(UniqueClaim(email_claim(user.email), owner=record.username_key))
    try:
        committed_now = transaction_commit(transaction)
    except TransactionRefused as refused:
        if refused.refused(record):
            raise UsernameTaken(USERNAME_TAKEN) from refused
        raise EmailTaken(EMAIL_TAKEN) from refused
    user.version = record.version
    return committed_now


def _user_replace(user: User) -> None:
    """Save every field if the account is still at the version loaded; move the email claim."""
    record = _record_from_user(user)
    stored = user_record_get(username=user.username)
    if stored is None or stored.version != user.version:
        raise UserChanged(USER_CHANGED)
    if email_claim(user.email) == email_claim(stored.email):
        try:
            item_replace(record)
        except ConditionFailed as error:
            raise UserChanged(USER_CHANGED) from error
    else:
        _user_replace_with_email(record, old_email=stored.email)
    user.version = record.version


def _user_replace_with_email(record: UserRecord, *, old_email: str) -> None:
    """Save the user and move its email claim, in one transaction."""
    new_claim = UniqueClaim(email_claim(record.email), owner=record.username_key)
    transaction = Transaction()
    transaction.replace(record)
    transaction.create(new_claim)
    transaction.delete(
        UniqueClaim(email_claim(old_email)), condition=UniqueClaim.owner == record.username_key
    )
    try:
        transaction_commit(transaction)
    except TransactionRefused as refused:
        if refused.refused(new_claim):
            raise EmailTaken(EMAIL_TAKEN) from refused
        raise UserChanged(USER_CHANGED) from refused


def _user_update_fields(user: User, fields: set[str]) -> None:
    """Update a few fields (Django's last_login, password upgrades) of the user as loaded."""
    record = UserRecord(username_key(user.username))
    record.version = user.version
    actions = [getattr(UserRecord, name).set(getattr(user, name)) for name in sorted(fields)]
    try:
        item_update(record, actions, check_version=not fields <= UNCHECKED_FIELDS)
    except ConditionFailed as error:
        raise UserChanged(USER_CHANGED) from error
    user.version = record.version


def _record_from_user(user: User) -> UserRecord:
    record = UserRecord(
        username_key(user.username),
        username=user.username,
        email=user.email,
        password=user.password,
        first_name=user.first_name,
        last_name=user.last_name,
        phone_number=user.phone_number,
        bio=user.bio,
        is_active=user.is_active,
        is_staff=user.is_staff,
        is_superuser=user.is_superuser,
        date_joined=user.date_joined,
        last_login=user.last_login,
        permissions=set(user.permissions) or None,  # DynamoDB stores no empty set
    )
    if user.version is not None:  # VersionAttribute casts to int: a new record has none
        record.version = user.version
    return record
