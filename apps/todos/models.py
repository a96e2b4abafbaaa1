"""Todos: every user's lists, todos, deletion tombstones and device tokens, in one table.

Single-table design with one model and a type attribute (``kind``), not several
models on one table: the registry (apps/core/dynamodb/models.py) keeps one model per
table, the write layer works on any model, and each kind uses only the
attributes it needs (the others stay unset and are not stored).
"""

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.indexes import AllProjection, LocalSecondaryIndex

from apps.core.dynamodb.models import TableModel

LIST, TODO, TOMBSTONE, DEVICE, TOKEN = "list", "todo", "tombstone", "device", "token"


class ByList(LocalSecondaryIndex):
    """A list's todos in creation order: ``list_key`` = ``<list id>#<todo id>``."""

    class Meta:
        index_name = "by_list"
        projection = AllProjection()

    PK = UnicodeAttribute(hash_key=True)
    list_key = UnicodeAttribute(range_key=True)


class ByChange(LocalSecondaryIndex):
    """Todos and tombstones by the server's time of change: ``changed`` = ``<ms>#<todo id>``."""

    class Meta:
        index_name = "by_change"
        projection = AllProjection()

    PK = UnicodeAttribute(hash_key=True)
    changed = UnicodeAttribute(range_key=True)


class Record(TableModel):
    """One item of the todos table: a list, a todo, a tombstone, a device or a token.

    Keys (``u`` is the owner's username key, ids are lower-case hex, ``h`` the
    SHA-256 of a device token):

    =========  ===============  ===============  ====================================
    kind       PK               SK               also
    =========  ===============  ===============  ====================================
    list       ``U#<u>``        ``L#<list>``     name, version
    todo       ``U#<u>``        ``T#<todo>``     list_key, changed, version
    tombstone  ``U#<u>``        ``X#<todo>``     changed, expires (TTL)
    device     ``U#<u>``        ``D#<device>``   name, list_id, token_hash
    token      ``K#<h>``        ``K``            owner, device_id, list_id, last_used
    =========  ===============  ===============  ====================================

    Access patterns (every one a GetItem or a Query on one partition; no Scan):
    - a user's lists (pages, ``GET /api/todos/lists/``): Query ``PK = U#u AND
      begins_with(SK, "L#")``;
    - one list, one todo (pages, API, Todo-Backend): GetItem ``(U#u, L#list)`` /
      ``(U#u, T#todo)``: always under the caller's own ``U#u``, so another
      user's list or todo is simply not found;
    - all of a user's todos, a page at a time (``GET /api/todos/``): Query
      ``PK = U#u AND begins_with(SK, "T#")``, Limit = page size, from a cursor;
    - one list's todos (pages, ``?list=``, Todo-Backend root): Query index
      ``by_list``: ``PK = U#u AND begins_with(list_key, "<list>#")``;
    - what changed since a sync token (``?since=``): Query index ``by_change``:
      ``PK = U#u AND changed >= "<ms>"`` (todos and tombstones; ``?list=`` adds a
      filter on ``list_id``); consistent reads, as on the table;
    - a user's devices (Devices page, "revoke all"): Query ``PK = U#u AND
      begins_with(SK, "D#")``, then BatchGetItem of their token items for the
      last use;
    - a request's device token (every API call): GetItem ``(K#h, K)``, consistent,
      so a revoked token stops working at once.

    Writes: create-if-absent (lists, todos, devices with their tokens, one
    transaction), versioned updates (an ``If-Match`` is the ``version``), a todo's
    delete with its tombstone in one transaction, and BatchWriteItem for
    emptying a list (each of its todos deleted and tombstoned).
    """

    class Meta:
        logical_name = "todos"

    PK = UnicodeAttribute(hash_key=True)
    SK = UnicodeAttribute(range_key=True)
    kind = UnicodeAttribute()
    version = VersionAttribute()

    name = UnicodeAttribute(null=True)  # list, device
    title = UnicodeAttribute(null=True)  # todo
    notes = UnicodeAttribute(null=True)
    due = UnicodeAttribute(null=True)  # ISO date
    completed = BooleanAttribute(null=True)
    order = NumberAttribute(null=True)
    list_id = UnicodeAttribute(null=True)  # todo, tombstone, device, token
    list_key = UnicodeAttribute(null=True)  # todo: index by_list
    changed = UnicodeAttribute(null=True)  # todo, tombstone: index by_change
    created = UTCDateTimeAttribute(null=True)
    updated_at = UTCDateTimeAttribute(null=True)
    expires = TTLAttribute(null=True)  # tombstone

    token_hash = UnicodeAttribute(null=True)  # device
    owner = UnicodeAttribute(null=True)  # token
    device_id = UnicodeAttribute(null=True)  # token
    last_used = UTCDateTimeAttribute(null=True)  # token

    by_list = ByList()
    by_change = ByChange()

    @property
    def item_id(self) -> str:
        """The id after the SK's prefix: a list's, todo's or device's id."""
        return self.SK.partition("#")[2]
