"""Django's session engine on DynamoDB (SESSION_ENGINE = "apps.accounts.sessions").

It keeps the contract of django.contrib.sessions.backends.base: ``load``,
``exists``, ``create``, ``save``, ``delete``. Each session is one item of the
``sessions`` table with a TTL attribute; because DynamoDB deletes expired items
up to two days late, ``load()`` refuses an expired session itself.
``clear_expired`` has nothing to do. Nothing is read until the session is
used, so a view that touches neither the session nor the user costs nothing.
A signed-in session also carries its user's key (``user_key``), so deleting
an account finds its sessions (``user_sessions_delete``) through a sparse
index instead of a Scan.
"""

from __future__ import annotations

import re

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import CreateError, SessionBase, UpdateError
from django.utils import timezone

from apps.accounts.records import SessionRecord
from apps.accounts.selectors import username_key
from apps.core.dynamodb.writes import (
    ConditionFailed,
    item_create,
    item_delete,
    item_replace,
    items_delete_batch,
)

# What Django's get_random_string(32, VALID_KEY_CHARS) draws; anything else is forged.
SESSION_KEY_FORMAT = re.compile(r"[a-z0-9]{32}")
SESSIONS_PAGE = 100


class SessionStore(SessionBase):
    def load(self) -> dict:
        record = self._record_get(self.session_key)
        if record is None or record.expires <= timezone.now():
            self._session_key = None
            return {}
        return self.decode(record.data)

    def exists(self, session_key) -> bool:
        return self._record_get(session_key) is not None

    def create(self) -> None:
        while True:
            self._session_key = self._get_new_session_key()
            try:
                self.save(must_create=True)
            except CreateError:
                continue  # a key collision: draw another one
            self.modified = True
            return

    def save(self, must_create=False) -> None:
        if self.session_key is None:
            return self.create()
        data = self._get_session(no_load=must_create)
        record = SessionRecord(
            self.session_key,
            data=self.encode(data),
            expires=self.get_expiry_date(),
            user_key=_signed_in_user_key(data),
        )
        try:
            if must_create:
                item_create(record)
            else:
                item_replace(record, condition=SessionRecord.session_key.exists())
        except ConditionFailed as error:
            # Created meanwhile (collision), or deleted meanwhile (signed out elsewhere).
            raise (CreateError if must_create else UpdateError) from error

    def delete(self, session_key=None) -> None:
        session_key = session_key or self.session_key
        if session_key is None:
            return
        item_delete(SessionRecord(session_key), check_version=False)

    def _validate_session_key(self, key) -> bool:
        """Only well-formed keys are looked up: a forged cookie costs no DynamoDB read."""
        return bool(key) and SESSION_KEY_FORMAT.fullmatch(key) is not None

    @classmethod
    def clear_expired(cls) -> None:
        """DynamoDB's TTL deletes expired sessions."""

    def _record_get(self, session_key) -> SessionRecord | None:
        if not self._validate_session_key(session_key):
            return None
        try:
            return SessionRecord.get(session_key, consistent_read=True)
        except SessionRecord.DoesNotExist:
            return None


def _signed_in_user_key(data: dict) -> str | None:
    """Whose session this is, for the index that finds a user's sessions (None: anonymous)."""
    user_id = data.get(SESSION_KEY)
    return username_key(str(user_id)) if user_id else None


def user_sessions_delete(user_key: str, limit: int) -> bool:
    """Delete up to ``limit`` sessions of a user; True when none is left.

    A Query of the index (from its start: what was deleted has left it) and
    BatchWriteItem of 25 keys a request, so a call's requests are bounded
    whatever the user holds; account deletion calls it until it says done.

    The index is eventually consistent: a session saved a moment ago may be
    missed. Such a session still never authenticates a deleted account: the
    user it names is closed or gone, and Django checks the password hash the
    session was made with, which no later account of that name shares.
    """
    found = list(
        SessionRecord.user_index.query(user_key, limit=limit, page_size=min(limit, SESSIONS_PAGE))
    )
    items_delete_batch(SessionRecord(record.session_key) for record in found)
    return len(found) < limit


def user_sessions_end(user_key: str) -> None:
    """Sign a user out of every browser now, within the request (a changed second
    factor): ``user_sessions_delete`` a page at a time until none is left, so the
    request deadline bounds it; account deletion, which may meet any number of
    sessions, runs them in background pieces instead.
    """
    while not user_sessions_delete(user_key, SESSIONS_PAGE):
        pass
