"""Writing accounts to DynamoDB: the only module that changes users and claims.

Usernames and email addresses are unique case-insensitively because the user
item and the email's UniqueClaim are written in one transaction, each with
``attribute_not_exists``: of any number of concurrent sign-ups for one name,
exactly one commits. Every write goes through apps/core/dynamodb/writes.py and honours
the version the user was loaded with; a changed password or email address is
told to the account's holder (notices.py). ``account_close`` closes an account and
records its deletion, which the background engine (apps/core/background) runs
in pieces: its sessions, every app's data of it through the apps'
``user_data_delete`` hooks (the app contract, apps/core/apps.py), then the
account; ``account_delete`` does all of it at once (``manage.py account_delete``).

Users are built with ``get_user_model()``, never by importing models.py: the
model's ``save()`` and ``delete()`` call this module (see models.py).
"""

from __future__ import annotations

import contextlib
import logging
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import make_password
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.timezone import now as timezone_now

from apps.accounts.notices import notice_email_changed, notice_password_changed
from apps.accounts.records import UniqueClaim, UserRecord
from apps.accounts.selectors import (
    email_claim,
    retired_claim,
    user_get,
    user_record_get,
    username_key,
)
from apps.accounts.sessions import user_sessions_delete
from apps.core.apps import app_hooks, site_app_configs
from apps.core.background.work import Work, background_task, work_record
from apps.core.dynamodb.writes import (
    ConditionFailed,
    Transaction,
    TransactionRefused,
    item_replace,
    item_update,
    transaction_commit,
)
from apps.core.mail import email_send

USERNAME_TAKEN = "That username is taken. Please choose another."
EMAIL_TAKEN = "An account with this email address already exists."
USER_CHANGED = "This account was changed somewhere else meanwhile. Reload the page and try again."
# Fields a write may set whatever the version: a sign-in must not fail because
# another sign-in of the account just happened. The version still moves on.
UNCHECKED_FIELDS = {"last_login"}
REPLACE_ATTEMPTS = 5  # a save retried while only the unread count moves under it
DELETED_SUBJECT = "Your account is deleted"
SESSIONS_STAGE, RECORD_STAGE = "sessions", "account"  # account deletion's first and last

logger = logging.getLogger(__name__)


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
) -> AbstractBaseUser:
    """Create an account; UsernameTaken or EmailTaken if another holds either.

    ``idempotency_key`` (the sign-up form's) makes a resubmission of a sign-up
    that already committed succeed instead of finding its own name taken.
    """
    user_model = get_user_model()
    user = user_model(
        username=user_model.normalize_username(username),
        email=user_model.objects.normalize_email(email),
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


def user_save(user: AbstractBaseUser, *, update_fields=None) -> None:
    """Persist a user: create it, update some fields, or replace it (optimistic lock)."""
    if user.version is None:
        _user_insert(user, None)
    elif update_fields:
        _user_update_fields(user, set(update_fields))
    else:
        _user_replace(user)


def user_profile_update(
    user: AbstractBaseUser,
    *,
    first_name: str,
    last_name: str,
    email: str,
    phone_number: str,
    bio: str,
) -> AbstractBaseUser:
    """Change a user's own profile; EmailTaken or UserChanged when it cannot be saved."""
    user.first_name, user.last_name = first_name, last_name
    user.email = get_user_model().objects.normalize_email(email)
    user.phone_number, user.bio = phone_number, bio
    _user_replace(user)
    return user


def account_close(user: AbstractBaseUser) -> None:
    """Close an account at once and record its deletion, which the background finishes.

    What the "Delete account" page does, within a request's budget whatever
    the account holds:
    1. the apps' ``user_access_revoke`` hooks end other ways in than a session
       (device tokens); the account is still whole if this fails;
    2. one transaction closes the account (no sign-in, no session, no password
       reset works from here on: ``closed_at``, ``is_active`` off, an unusable
       password, so every session of it is signed out at once) and records the
       deletion as background work (``account_data_delete``).
    The work deletes the sessions' records, then each app's data of the user,
    then the account itself, in bounded pieces, and emails the address the
    account had when it is done (the address is kept in the work's payload
    until then, and a week after with the done pieces).
    """
    stored = user_record_get(username=user.username)
    if stored is None:
        return
    logger.info("Closing the account %s; its deletion is under way", stored.username_key)
    for revoke in app_hooks("user_access_revoke"):
        revoke(user)
    transaction = Transaction()
    transaction.update(stored, _closing(stored), check_version=False)
    payload = {"user": stored.username_key, "username": stored.username, "email": stored.email}
    work_record(transaction, account_data_delete, payload)
    with contextlib.suppress(TransactionRefused):  # deleted meanwhile by another run
        transaction_commit(transaction)


def account_delete(user: AbstractBaseUser) -> None:
    """Delete an account with everything that is its owner's, here and now (a no-op once gone).

    ``manage.py account_delete`` (staff, or a deletion to finish): the steps
    of ``account_close`` and of its background work, run in this process until
    done. Every step is idempotent, so it also finishes a deletion cut short,
    and may run while the background runs the same.
    Short links and bills are not the user's to take: they stay, with the
    owner's name on them (apps say what they keep in ``user_data_kept``).
    """
    stored = user_record_get(username=user.username)
    if stored is None:
        return
    logger.info("Deleting the account %s", stored.username_key)
    for revoke in app_hooks("user_access_revoke"):
        revoke(user)
    if not _account_close(stored):
        return  # deleted meanwhile by another run, which did every step
    payload = {"user": stored.username_key, "username": stored.username, "email": stored.email}
    stage = SESSIONS_STAGE
    while stage is not None:
        stage = _deletion_step(payload, stage, settings.BACKGROUND_PIECE_SIZE)


@background_task
def account_data_delete(work: Work) -> str | None:
    """One piece of an account's deletion: at most ``work.limit`` things of one stage.

    The cursor names the stage (``_deletion_stages``: the sessions, each app's
    ``user_data_delete`` by its label, then the account record and the email).
    """
    return _deletion_step(work.payload, work.cursor or SESSIONS_STAGE, work.limit)


def _deletion_step(payload: dict, stage: str, limit: int) -> str | None:
    """Do up to ``limit`` of ``stage``; the stage to go on with (itself if unfinished), or None."""
    user = get_user_model()(username=payload["username"])
    stages = _deletion_stages()
    if stage not in stages:
        return stages[0]  # a deploy changed the apps meanwhile: every stage again, from the start
    if stage == SESSIONS_STAGE:
        done = user_sessions_delete(payload["user"], limit)
    elif stage == RECORD_STAGE:
        _account_record_finish(payload)
        done = True
    else:
        done = _app_hooks_by_label()[stage](user, limit)
    if not done:
        return stage
    following = stages.index(stage) + 1
    return stages[following] if following < len(stages) else None


def _app_hooks_by_label() -> dict:
    return {
        config.label: config.hook("user_data_delete")
        for config in site_app_configs()
        if config.user_data_delete
    }


def _deletion_stages() -> list[str]:
    return [SESSIONS_STAGE, *_app_hooks_by_label(), RECORD_STAGE]


def _account_record_finish(payload: dict) -> None:
    """Delete the closed record, and email its owner, once: the run whose delete commits sends."""
    stored = user_record_get(username=payload["username"])
    if stored is None or not _account_record_delete(stored):
        return
    logger.info("Deleted the account %s", stored.username_key)
    message = EmailMessage(
        subject=DELETED_SUBJECT,
        body=render_to_string("accounts/account_deleted_email.txt", {"username": stored.username}),
        to=[payload["email"]],
    )
    error = email_send(message)
    if error is not None:
        logger.error("accounts.deleted_email_failed user=%s error=%s", stored.username_key, error)


def _closing(stored: UserRecord) -> list:
    return [
        UserRecord.closed_at.set(stored.closed_at or datetime.now(UTC)),
        UserRecord.is_active.set(False),
        UserRecord.password.set(make_password(None)),
    ]


def _account_close(stored: UserRecord) -> bool:
    """Mark the account closed, whatever its version; False when it is gone."""
    try:
        item_update(stored, _closing(stored), check_version=False)
    except ConditionFailed:
        return False
    return True


def _account_record_delete(stored: UserRecord) -> bool:
    """Delete the closed record and its email claim, and retire its name; False: done before."""
    key = stored.username_key
    owned = (UniqueClaim.owner == key) | UniqueClaim.claim.does_not_exist()
    transaction = Transaction()
    transaction.delete(stored, condition=UserRecord.closed_at.exists(), check_version=False)
    transaction.delete(UniqueClaim(email_claim(stored.email)), condition=owned)
    transaction.create(UniqueClaim(retired_claim(key), owner=key), reclaim=owned)
    try:
        transaction_commit(transaction)
    except TransactionRefused:
        if user_record_get(username=key) is not None:
            raise
        return False  # another run deleted it first
    return True


def _user_insert(user: AbstractBaseUser, idempotency_key: str | None) -> bool:
    """False when an earlier submission with the same key already created the user."""
    record = _record_from_user(user)
    retired = UniqueClaim(retired_claim(user.username))
    transaction = Transaction(nonce=idempotency_key)
    transaction.create(record)
    transaction.create(UniqueClaim(email_claim(user.email), owner=record.username_key))
    transaction.check(retired, UniqueClaim.claim.does_not_exist())
    try:
        committed_now = transaction_commit(transaction)
    except TransactionRefused as refused:
        if refused.refused(record) or refused.refused(retired):
            raise UsernameTaken(USERNAME_TAKEN) from refused
        raise EmailTaken(EMAIL_TAKEN) from refused
    user.version = record.version
    return committed_now


def _user_replace(user: AbstractBaseUser) -> None:
    """Save every field if the account is still at the version loaded; move the email claim.

    The unread count is not the user's to set: the stored one is kept, on the
    condition that it did not move meanwhile (then it is read again).
    """
    for _ in range(REPLACE_ATTEMPTS):
        record = _record_from_user(user)
        stored = user_record_get(username=user.username)
        if stored is None or stored.version != user.version or stored.closed_at is not None:
            raise UserChanged(USER_CHANGED)
        record.notices_unread, record.notices_seen = stored.notices_unread, stored.notices_seen
        if email_claim(user.email) != email_claim(stored.email):
            _user_replace_with_email(record, old_email=stored.email)
            notice_email_changed(user, old_email=stored.email)
            break
        try:
            item_replace(record, condition=_unread_kept(stored))
        except ConditionFailed:
            continue  # changed meanwhile: the next read says whether only the count moved
        break
    else:
        raise UserChanged(USER_CHANGED)
    if record.password != stored.password:
        notice_password_changed(user)
    user.version = record.version


def _unread_kept(stored: UserRecord):
    unread = UserRecord.notices_unread
    if stored.notices_unread is None:
        return unread.does_not_exist()
    return unread == stored.notices_unread


def notices_unread_add(transaction: Transaction, user_key: str, count: int = 1) -> None:
    """Add to the user's unread count, in ``transaction`` (an app's notification)."""
    transaction.count(UserRecord(user_key), [UserRecord.notices_unread.add(count)])


def notices_unread_clear(user: AbstractBaseUser) -> None:
    """The user has seen their notifications: the count goes to 0 (a write only if it was not).

    Neither this nor ``notices_unread_add`` moves the record's version, so
    they never refuse, nor are refused by, a save of the account.
    """
    if not getattr(user, "notices_unread", 0):
        return
    transaction = Transaction()
    actions = [UserRecord.notices_unread.set(0), UserRecord.notices_seen.set(timezone_now())]
    transaction.count(UserRecord(username_key(user.username)), actions)
    with contextlib.suppress(TransactionRefused):  # the account is gone
        transaction_commit(transaction)
    user.notices_unread = 0


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


def _user_update_fields(user: AbstractBaseUser, fields: set[str]) -> None:
    """Update a few fields (Django's last_login, password upgrades) of the user as loaded."""
    record = UserRecord(username_key(user.username))
    record.version = user.version
    actions = [getattr(UserRecord, name).set(getattr(user, name)) for name in sorted(fields)]
    try:
        item_update(record, actions, check_version=not fields <= UNCHECKED_FIELDS)
    except ConditionFailed as error:
        raise UserChanged(USER_CHANGED) from error
    user.version = record.version


def _record_from_user(user: AbstractBaseUser) -> UserRecord:
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
