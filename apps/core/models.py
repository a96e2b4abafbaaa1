"""Tables that belong to the site as a whole rather than to one app."""

from pynamodb.attributes import BinaryAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from apps.core.dynamodb.models import TableModel


class CacheEntry(TableModel):
    """One entry of Django's cache (apps.core.cache.DynamoDBCache).

    Access patterns: every cache call reads or writes one item by ``key``
    (GetItem, PutItem, UpdateItem, DeleteItem; BatchGetItem and BatchWriteItem
    for the ``*_many`` calls). Only ``cache.clear()`` scans. Integers live in
    ``number`` so that ``incr`` is an atomic ADD; any other value is pickled
    into ``value``. ``expires_at`` (epoch seconds with a fraction) is checked
    on every read and in every condition, because DynamoDB deletes expired
    items up to two days late; ``expires`` is the same moment rounded up to a
    whole second for DynamoDB's TTL, which takes nothing finer.
    """

    class Meta:
        logical_name = "cache"

    key = UnicodeAttribute(hash_key=True)
    value = BinaryAttribute(null=True, legacy_encoding=False)
    number = NumberAttribute(null=True)
    expires = TTLAttribute(null=True)
    expires_at = NumberAttribute(null=True)


class AdminUserIndex(GlobalSecondaryIndex):
    """A staff member's admin actions, newest first: the admin index's "Recent actions"."""

    class Meta:
        index_name = "user-at-index"
        projection = AllProjection()

    user_key = UnicodeAttribute(hash_key=True)
    at = UnicodeAttribute(range_key=True)


class AdminAction(TableModel):
    """One add, change or delete made in the admin: its audit log (Django's LogEntry).

    Access patterns (apps/core/admin/audit.py):
    - an object's "History" page: Query by ``object_ref``
      (``<app_label>.<model_name>:<object id>``), oldest first, at most 100;
    - the admin index's "Recent actions": Query ``user-at-index`` by
      ``user_key`` (the staff member's username), newest first, 10;
    - every add, change and delete in the admin: PutItem with
      ``attribute_not_exists`` (``at`` is the time to the microsecond and a
      random suffix, so two actions never share a key).
    Kept for good (no TTL): it is the audit trail. ``action`` is Django's
    ADDITION (1), CHANGE (2) or DELETION (3); ``change_message`` Django's JSON.
    """

    class Meta:
        logical_name = "admin_log"

    object_ref = UnicodeAttribute(hash_key=True)
    at = UnicodeAttribute(range_key=True)
    user_key = UnicodeAttribute()
    username = UnicodeAttribute()
    action = NumberAttribute()
    object_id = UnicodeAttribute()
    object_repr = UnicodeAttribute()
    change_message = UnicodeAttribute(default="")
    user_index = AdminUserIndex()
