"""Short links and their click counters."""

from pynamodb.attributes import (
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from apps.core.dynamodb.models import TableModel


class OwnerIndex(GlobalSecondaryIndex):
    """Links by owner, newest first: the "My links" page."""

    class Meta:
        index_name = "owner-created-index"
        projection = AllProjection()

    owner = UnicodeAttribute(hash_key=True)
    created = UTCDateTimeAttribute(range_key=True)


class Link(TableModel):
    """A short link: ``/<code>`` redirects to ``url`` until ``expires``.

    Access patterns:
    - redirect ``/<code>`` and preview ``/<code>+``: GetItem by ``code`` (the hot
      path: one read, eventually consistent);
    - create: PutItem with ``attribute_not_exists(code)``, so a random or chosen
      code never overwrites another link;
    - "My links": Query ``owner-created-index`` by ``owner`` (the creator's
      username key), newest first, one page at a time;
    - delete: DeleteItem conditional on ``owner``.
    Links made without signing in have no owner and stay out of the index.
    """

    class Meta:
        logical_name = "links"

    code = UnicodeAttribute(hash_key=True)
    url = UnicodeAttribute()
    owner = UnicodeAttribute(null=True)
    created = UTCDateTimeAttribute()
    expires = TTLAttribute()
    owner_index = OwnerIndex()


class ClickShard(TableModel):
    """One of several click counters of a link; a link's clicks are their sum.

    A redirect adds 1 to one shard chosen at random (UpdateItem ADD), so a
    popular link spreads its writes over several partitions instead of hitting
    the per-item write limit. Access patterns: redirect = one UpdateItem;
    "My links" and the preview = BatchGetItem of every shard of the links shown.
    ``counter`` is ``shard_key(link, n)``: it names the link's creation time too,
    so a code reused after its link expired starts again from zero clicks.
    """

    class Meta:
        logical_name = "link_clicks"

    counter = UnicodeAttribute(hash_key=True)
    clicks = NumberAttribute(default=0)
    expires = TTLAttribute(null=True)


def shard_key(link: Link, shard: int) -> str:
    return f"{link.code}@{int(link.created.timestamp() * 1000)}#{shard}"
