"""Reading accounts from DynamoDB. Missing items come back as None.

Users come back as the site's user model, reached through ``get_user_model()``
(the model's manager calls these functions: see models.py).
"""

from __future__ import annotations

import unicodedata

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser

from apps.accounts.records import UniqueClaim, UserRecord
from apps.core.dynamodb.keys import KeyPrefix
from apps.core.dynamodb.storable import key_findable

EMAIL_CLAIM = KeyPrefix("email")
RETIRED_CLAIM = KeyPrefix("retired")


def username_key(username: str) -> str:
    """The table key of a username: one key for every way of capitalising it."""
    return unicodedata.normalize("NFKC", username).casefold()


def retired_claim(username: str) -> str:
    """The UniqueClaim key a deleted account leaves on its name: never signed up again."""
    return RETIRED_CLAIM(username_key(username))


def email_claim(email: str) -> str:
    """The UniqueClaim key of an email address, compared case-insensitively."""
    return EMAIL_CLAIM(unicodedata.normalize("NFKC", email.strip()).casefold())


def user_from_record(record: UserRecord) -> AbstractBaseUser:
    user = get_user_model()(
        username=record.username,
        email=record.email,
        password=record.password,
        first_name=record.first_name,
        last_name=record.last_name,
        phone_number=record.phone_number,
        bio=record.bio,
        is_active=record.is_active,
        is_staff=record.is_staff,
        is_superuser=record.is_superuser,
        date_joined=record.date_joined,
        last_login=record.last_login,
        version=record.version,
    )
    user.permissions = frozenset(record.permissions or ())
    user.notices_unread = max(int(record.notices_unread or 0), 0)
    return user


def user_record_get(*, username: str) -> UserRecord | None:
    key = username_key(username)
    if not key_findable(key.strip()):
        return None
    try:
        return UserRecord.get(key, consistent_read=True)
    except UserRecord.DoesNotExist:
        return None


def user_get(*, username: str) -> AbstractBaseUser | None:
    """The account, or None; an account being deleted (closed) is None to everyone."""
    record = user_record_get(username=username)
    if record is None or record.closed_at is not None:
        return None
    return user_from_record(record)


def usernames_existing(usernames: list[str]) -> set[str]:
    """The keys of those ``usernames`` that are open accounts (one BatchGetItem per 100)."""
    return set(notices_seen_of(usernames))


def notices_seen_of(usernames: list[str]) -> dict:
    """For those ``usernames`` that are open accounts, by key: when each last saw their
    notifications (None: never). One BatchGetItem per 100."""
    keys = {username_key(name) for name in usernames}
    keys = sorted(key for key in keys if key_findable(key.strip()))
    if not keys:
        return {}
    wanted = ["username_key", "closed_at", "notices_seen"]
    found = UserRecord.batch_get(keys, consistent_read=True, attributes_to_get=wanted)
    return {r.username_key: r.notices_seen for r in found if r.closed_at is None}


def user_get_by_email(*, email: str) -> AbstractBaseUser | None:
    key = email_claim(email)
    if not key_findable(EMAIL_CLAIM.value(key)):
        return None
    try:
        claim = UniqueClaim.get(key, consistent_read=True)
    except UniqueClaim.DoesNotExist:
        return None
    return user_get(username=claim.owner)


def user_get_by_login(*, login: str) -> AbstractBaseUser | None:
    """The user a sign-in form names: by email when it has an @, else by username.

    New usernames cannot hold an @; one created before that rule is still found.
    """
    login = login.strip()
    if "@" in login:
        return user_get_by_email(email=login) or user_get(username=login)
    return user_get(username=login)


def user_key(user) -> str | None:
    """The key services store for the signed-in ``user`` (owner, author); None for a visitor."""
    return username_key(user.username) if user.is_authenticated else None
