"""A captain's log: each captain's entries, in one table."""

import re
import secrets
from datetime import datetime

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute, VersionAttribute

from apps.captains_log.stardates import stardate
from apps.core.dynamodb.models import TableModel

# An entry id: its creation time (UTC, to the microsecond) and a random suffix,
# e.g. 20261124T093012123456Z-1a2b3c4d. The URL converter uses the pattern too.
ENTRY_ID = re.compile(r"\d{8}T\d{12}Z-[0-9a-f]{8}")


def entry_id_new(moment: datetime) -> str:
    return f"{moment:%Y%m%dT%H%M%S%f}Z-{secrets.token_hex(4)}"


class LogEntry(TableModel):
    """One entry of one captain's log.

    Access patterns (always under the signed-in captain's own ``captain`` key,
    so another captain's entries cannot be reached, whatever id is tried):
    - the log page: Query by ``captain``, ``entry_id`` descending (newest
      first), one page at a time from a cursor (``entry_id`` < cursor);
      "newer" pages query ascending from the first entry shown;
    - an entry, its edit and delete pages: GetItem by (``captain``, ``entry_id``);
    - create: PutItem with ``attribute_not_exists``; edit: PutItem conditional on
      ``version`` (two tabs editing one entry cannot overwrite each other);
      delete: DeleteItem conditional on ``version``.
    ``entry_id`` is the creation time (UTC, to the microsecond) and a random
    suffix, so it sorts by time and is unique.
    """

    class Meta:
        logical_name = "log_entries"

    captain = UnicodeAttribute(hash_key=True)
    entry_id = UnicodeAttribute(range_key=True)
    title = UnicodeAttribute()
    text = UnicodeAttribute()
    created = UTCDateTimeAttribute()
    updated = UTCDateTimeAttribute(null=True)
    version = VersionAttribute()

    @property
    def stardate(self) -> float:
        return stardate(self.created)
