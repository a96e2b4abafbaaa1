"""The accounts' tables: users, unique claims, sessions and second factors (PynamoDB).

selectors.py, services.py and sessions.py read and write them (factors.py the
second factors); the user admin
(admin.py) pages through ``users`` with the admin adapter. The user Django's
auth machinery works with is the unmanaged model in models.py, built from a
``UserRecord`` by the selectors; it has no table of its own.
"""

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection

from apps.core.dynamodb.models import TableModel


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
    # The hashes of the account's API keys (apps/accounts/api_keys.py): their claims.
    api_keys = UnicodeSetAttribute(null=True)
    # Notifications not yet seen, which apps raise (services.notices_unread_add) and the
    # header shows from the record every page loads anyway: no request of its own.
    notices_unread = NumberAttribute(null=True)
    notices_seen = UTCDateTimeAttribute(null=True)  # when the count last went back to 0
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

    ``apikey#<SHA-256 of the key>`` is an API key (apps/accounts/api_keys.py):
    its ``name``, ``scopes``, ``created`` and ``last_used``; every request that
    sends the key reads it (GetItem, consistent, so a revoked key stops at
    once). Its owner's ``UserRecord.api_keys`` lists the hashes (the account
    page's BatchGetItem).
    """

    class Meta:
        logical_name = "unique_claims"

    claim = UnicodeAttribute(hash_key=True)
    owner = UnicodeAttribute()
    name = UnicodeAttribute(null=True)  # apikey
    scopes = UnicodeSetAttribute(null=True)  # apikey
    created = UTCDateTimeAttribute(null=True)  # apikey
    last_used = UTCDateTimeAttribute(null=True)  # apikey


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


class SecondFactor(TableModel):
    """A user's second factor (RFC 6238 codes) and recovery codes, or an enrolment link.

    Access patterns: the code page, the token API and /account/ read one item
    by ``user_key`` (the username key; GetItem, strongly consistent). Accepting
    a code is an update conditional on ``last_step`` being earlier than the
    code's time step and on ``nonce`` (the factor checked), so a code is taken
    once however many requests race with it; a recovery code is removed from
    ``recovery`` on the condition that it is still there. Enrolling through a
    link is an update conditional on ``link``; opting in from /account/ a put
    conditional on no active factor; resetting deletes the item.

    The secret itself is never stored: it is derived from TWO_FACTOR_KEY and
    ``nonce`` (apps/accounts/otp.py). Recovery codes and the link's nonce are
    kept as HMAC-SHA256 digests.
    """

    class Meta:
        logical_name = "second_factors"

    user_key = UnicodeAttribute(hash_key=True)
    nonce = UnicodeAttribute(null=True)  # the active factor's; absent: not enrolled
    last_step = NumberAttribute(default=0)  # time step of the last accepted code
    recovery = UnicodeSetAttribute(null=True)  # digests of the unused recovery codes
    enrolled_at = UTCDateTimeAttribute(null=True)
    link = UnicodeAttribute(null=True)  # digest of the open enrolment link's nonce
    link_expires = UTCDateTimeAttribute(null=True)
