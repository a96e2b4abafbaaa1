"""Reading accounts from DynamoDB. Missing items come back as None."""

from __future__ import annotations

import unicodedata

from apps.accounts.models import UniqueClaim, User, UserRecord

# DynamoDB refuses empty keys and keys over 2048 bytes with an error; no
# account has a key anywhere near this long (usernames have at most 30
# characters, email addresses 254), so longer input is simply not found.
KEY_MAX_BYTES = 1024


def username_key(username: str) -> str:
    """The table key of a username: one key for every way of capitalising it."""
    return unicodedata.normalize("NFKC", username).casefold()


def retired_claim(username: str) -> str:
    """The UniqueClaim key a deleted account leaves on its name: never signed up again."""
    return "retired#" + username_key(username)


def email_claim(email: str) -> str:
    """The UniqueClaim key of an email address, compared case-insensitively."""
    return "email#" + unicodedata.normalize("NFKC", email.strip()).casefold()


def user_from_record(record: UserRecord) -> User:
    user = User(
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
    return user


def _findable(key: str) -> bool:
    return 0 < len(key.encode()) <= KEY_MAX_BYTES


def user_record_get(*, username: str) -> UserRecord | None:
    key = username_key(username)
    if not _findable(key.strip()):
        return None
    try:
        return UserRecord.get(key, consistent_read=True)
    except UserRecord.DoesNotExist:
        return None


def user_get(*, username: str) -> User | None:
    """The account, or None; an account being deleted (closed) is None to everyone."""
    record = user_record_get(username=username)
    if record is None or record.closed_at is not None:
        return None
    return user_from_record(record)


def user_get_by_email(*, email: str) -> User | None:
    key = email_claim(email)
    if not _findable(key.removeprefix("email#")):
        return None
    try:
        claim = UniqueClaim.get(key, consistent_read=True)
    except UniqueClaim.DoesNotExist:
        return None
    return user_get(username=claim.owner)


def user_get_by_login(*, login: str) -> User | None:
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
