from pynamodb.attributes import BooleanAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from apps.core.dynamodb.models import TableModel


class ExpiringIndex(GlobalSecondaryIndex):
    """Items with an expiry, soonest first: what the late-TTL sweep reads (sparse)."""

    class Meta:
        index_name = "expiring-index"
        projection = AllProjection()

    expiring = UnicodeAttribute(hash_key=True)
    expires = TTLAttribute(range_key=True)


class ProbeItem(TableModel):
    """The item whose changes the handler follows. Access patterns: by ``name``; expiring-index."""

    class Meta:
        logical_name = "probe_items"
        stream_view_type = "NEW_AND_OLD_IMAGES"

    name = UnicodeAttribute(hash_key=True)
    value = NumberAttribute(default=0)
    poison = BooleanAttribute(default=False)
    die = UnicodeAttribute(null=True)  # a file: kill the handling process unless it exists
    expiring = UnicodeAttribute(null=True)
    expires = TTLAttribute(null=True)
    expiring_index = ExpiringIndex()


class ProbeEffect(TableModel):
    """What the handlers did: ``copy#<name>``, ``count#total``, ``expired#<name>``, ``piece#<n>``.

    Access patterns: by ``key``.
    """

    class Meta:
        logical_name = "probe_effects"

    key = UnicodeAttribute(hash_key=True)
    value = NumberAttribute(null=True)
    source_position = UnicodeAttribute(null=True)
    deleted = BooleanAttribute(null=True)
    tally = NumberAttribute(null=True)
