"""Tables that belong to the site as a whole rather than to one app."""

from pynamodb.attributes import BinaryAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute

from apps.core.dynamodb import TableModel


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
