"""Short links and their click counters."""

from pynamodb.attributes import (
    BooleanAttribute,
    MapAttribute,
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
    - edit (target, click limit, fallback, pause): UpdateItem conditional on
      ``owner`` and ``created`` (the same link, not a code reused since);
    - delete: DeleteItem conditional on ``owner``.
    Links made without signing in have no owner and stay out of the index.

    ``expires`` is the TTL: the item lives until then. A link with a fallback
    URL stops leading to ``url`` at ``ends`` and leads to the fallback until
    ``expires`` (``ends`` + SHORTENER_FALLBACK_DAYS); without one, ``ends``
    is unset and the link ends when it expires.
    A click limit counts on one counter of its own (``limit_key``), which the
    redirect adds to only while it holds fewer than ``click_limit`` -
    ``limit_base`` (the clicks the random shards held when the limit was set).
    """

    class Meta:
        logical_name = "links"

    code = UnicodeAttribute(hash_key=True)
    url = UnicodeAttribute()
    owner = UnicodeAttribute(null=True)
    created = UTCDateTimeAttribute()
    expires = TTLAttribute()
    ends = UTCDateTimeAttribute(null=True)
    fallback_url = UnicodeAttribute(null=True)
    paused = BooleanAttribute(null=True)
    click_limit = NumberAttribute(null=True)
    limit_base = NumberAttribute(null=True)
    owner_index = OwnerIndex()

    @property
    def ends_at(self):
        """When the link stops leading to its target."""
        return self.ends or self.expires

    @property
    def clicks_allowed(self) -> int | None:
        """How many more clicks the limit's own counter may take; None without a limit."""
        if self.click_limit is None:
            return None
        return int(self.click_limit) - int(self.limit_base or 0)


class ClickShard(TableModel):
    """One of several click counters of a link; a link's clicks are their sum.

    A redirect adds 1 to one shard chosen at random (UpdateItem ADD), so a
    popular link spreads its writes over several partitions instead of hitting
    the per-item write limit. Access patterns: redirect = one UpdateItem;
    "My links" and the preview = BatchGetItem of every shard of the links shown.
    ``counter`` is ``shard_key(link, n)``: it names the link's creation time too,
    so a code reused after its link expired starts again from zero clicks.

    The click's write also sets ``click``: what the statistics keep of that
    click (``Click.packed()``, apps/shortener/clicks.py), so that the table's
    stream hands each click to ``link_clicks_aggregate`` (each change's new
    image is that click's) and the redirect writes nothing more.
    """

    class Meta:
        logical_name = "link_clicks"
        stream_view_type = "NEW_AND_OLD_IMAGES"

    counter = UnicodeAttribute(hash_key=True)
    clicks = NumberAttribute(default=0)
    expires = TTLAttribute(null=True)
    click = UnicodeAttribute(null=True)


class LinkDay(TableModel):
    """A link's clicks of one day (UTC), counted from the click counters' stream.

    ``link`` is ``stats_key(link)`` (a reused code starts afresh), ``day``
    YYYY-MM-DD. ``clicks`` counts people, ``bots`` the clicks of agents that
    say they are programs; the maps count people's clicks by referring host
    (at most SHORTENER_TOP_HOSTS a day, the rest under ``OTHER_HOSTS``), by
    browser and by device class. A day lives 400 days (TTL).

    Access patterns: the statistics page = one Query by ``link``, ``day`` from
    30 or 90 days ago (at most 90 items of a few KB: one page);
    the stream handler = UpdateItem on (``link``, ``day``).
    """

    class Meta:
        logical_name = "link_stats"

    link = UnicodeAttribute(hash_key=True)
    day = UnicodeAttribute(range_key=True)
    clicks = NumberAttribute(default=0)
    bots = NumberAttribute(default=0)
    referrers = MapAttribute(default=dict)
    browsers = MapAttribute(default=dict)
    devices = MapAttribute(default=dict)
    expires = TTLAttribute()


def shard_key(link: Link, shard: int | str) -> str:
    return shard_name(stats_key(link), shard)


def shard_name(key: str, shard: int | str) -> str:
    """A click counter's name: the link's stats key (worked out once for many shards) and
    the shard."""
    return f"{key}#{shard}"


def stats_key(link: Link) -> str:
    """The link's own name in its counters and statistics: its code and creation time."""
    return f"{link.code}@{int(link.created.timestamp() * 1000)}"


def limit_key(link: Link) -> str:
    """The counter a click limit counts on (beside the random shards)."""
    return shard_key(link, "limit")


class LinkImport(TableModel):
    """A CSV import of links: its dry run, then its progress in the background.

    ``part`` 0 is the import itself (``owner``, ``state``, the counts, the
    rows that failed and why); parts 1.. hold its rows, ``IMPORT_CHUNK`` a
    part, as JSON (``[url, alias, days, problem]``, problem None for a valid
    row). A dry run lives an hour (``expires``, checked on every read);
    confirming it keeps the import a week.

    Access patterns: the dry-run page = Query by ``import_id`` (every part);
    the progress page = GetItem of part 0; confirming = UpdateItem of part 0
    conditional on its state, in one transaction with the first piece of work;
    each piece of work = GetItem of its part and one transaction that creates
    the part's links and adds to part 0's counts.
    """

    class Meta:
        logical_name = "link_imports"

    import_id = UnicodeAttribute(hash_key=True)
    part = NumberAttribute(range_key=True)
    owner = UnicodeAttribute(null=True)
    created = UTCDateTimeAttribute(null=True)
    state = UnicodeAttribute(null=True)  # "dry run", "running", "done"
    total = NumberAttribute(null=True)  # rows
    valid = NumberAttribute(null=True)
    made = NumberAttribute(null=True)
    failed = NumberAttribute(null=True)
    failures = MapAttribute(null=True)  # row number -> why its link was not made
    rows = UnicodeAttribute(null=True)
    expires = TTLAttribute()
