"""Writing accounts to DynamoDB: the only module that changes users and claims.

Usernames and email addresses are unique case-insensitively because the user
item and the email's UniqueClaim are written in one transaction, each with
``attribute_not_exists``: of any number of concurrent sign-ups for one name,
exactly one commits.
"""

from __future__ import annotations

import time

from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from apps.accounts.models import UniqueClaim, User, UserRecord
from apps.accounts.selectors import email_claim, username_key
from apps.core.dynamodb import condition_failed, shared_connection

USERNAME_TAKEN = "That username is taken. Please choose another."
EMAIL_TAKEN = "An account with this email address already exists."
USER_CHANGED = "This account was changed somewhere else meanwhile. Reload the page and try again."
CANCELLED_BY_CONDITION = "ConditionalCheckFailed"  # a transaction item's cancellation reason
TRANSACTION_CONFLICT = "TransactionConflict"
CONFLICT_RETRIES = 3


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
) -> User:
    """Create an account; UsernameTaken or EmailTaken if another holds either."""
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
    _user_insert(user)
    return user


def user_save(user: User, *, update_fields=None) -> None:
    """Persist a user: create it, update some fields, or replace it (optimistic lock)."""
    if user.version is None:
        _user_insert(user)
    elif update_fields:
        _user_update_fields(user, update_fields)
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
    record = _record_from_user(user)
    with _transaction() as transaction:
        transaction.delete(record, add_version_condition=False)
        transaction.delete(UniqueClaim(email_claim(_stored_email(user))))


def _user_insert(user: User) -> None:
    record = _record_from_user(user)
    claim = UniqueClaim(email_claim(user.email), owner=record.username_key)

    def write(transaction: TransactWrite) -> None:
        transaction.save(record, condition=UserRecord.username_key.does_not_exist())
        transaction.save(claim, condition=UniqueClaim.claim.does_not_exist())

    _commit_with_retries(write, failures=[UsernameTaken(USERNAME_TAKEN), EmailTaken(EMAIL_TAKEN)])
    user.version = record.version
    user.stored_email = user.email


def _user_replace(user: User) -> None:
    record = _record_from_user(user)
    if email_claim(user.email) == email_claim(_stored_email(user)):
        try:
            record.save()
        except PutError as error:
            if condition_failed(error):
                raise UserChanged(USER_CHANGED) from error
            raise
    else:
        _user_replace_with_email(user, record)
    user.version = record.version
    user.stored_email = user.email


def _user_replace_with_email(user: User, record: UserRecord) -> None:
    """Move the email claim and save the user in one transaction (puts come first)."""
    new_claim = UniqueClaim(email_claim(user.email), owner=record.username_key)
    old_claim = UniqueClaim(email_claim(_stored_email(user)))

    def write(transaction: TransactWrite) -> None:
        transaction.save(record)  # with the version condition
        transaction.save(new_claim, condition=UniqueClaim.claim.does_not_exist())
        transaction.delete(old_claim, condition=UniqueClaim.owner == record.username_key)

    # DynamoDB reports the items in its own order: deletes, then puts.
    changed = UserChanged(USER_CHANGED)
    _commit_with_retries(write, failures=[changed, changed, EmailTaken(EMAIL_TAKEN)])


def _user_update_fields(user: User, fields) -> None:
    """Update a few fields (Django's last_login, password upgrades) without a version check."""
    record = UserRecord(username_key(user.username))
    actions = [getattr(UserRecord, name).set(getattr(user, name)) for name in fields]
    try:
        record.update(
            actions=actions,
            condition=UserRecord.username_key.exists(),
            add_version_condition=False,
        )
    except UpdateError as error:
        if condition_failed(error):
            raise UserChanged(USER_CHANGED) from error
        raise


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
    )
    if user.version is not None:
        record.version = user.version
    return record


def _stored_email(user: User) -> str:
    return getattr(user, "stored_email", None) or user.email


def _transaction() -> TransactWrite:
    return TransactWrite(connection=shared_connection())


def _commit_with_retries(write, failures: list[AccountError]) -> None:
    """Commit the transaction ``write`` fills; raise the error of a failed condition.

    ``failures[i]`` is raised when item i fails its condition, counting items in
    DynamoDB's order (condition checks, deletes, puts, updates). Conflicts with a
    concurrent transaction on the same items are retried.
    """
    for attempt in range(CONFLICT_RETRIES + 1):
        try:
            with _transaction() as transaction:
                write(transaction)
            return
        except TransactWriteError as error:
            codes = [reason.code if reason else None for reason in error.cancellation_reasons]
            for code, failure in zip(codes, failures, strict=False):
                if code == CANCELLED_BY_CONDITION:
                    raise failure from error
            if TRANSACTION_CONFLICT not in codes or attempt == CONFLICT_RETRIES:
                raise
            time.sleep(0.05 * (attempt + 1))
