"""The todos table's keys and ids (see the table of keys in apps/todos/models.py)."""

import hashlib
import re

from apps.core.dynamodb.ids import TimeSortedIds
from apps.core.dynamodb.keys import KeyPrefix

IDS = TimeSortedIds(time_digits=11)  # ids of lists, todos and devices: 19 hex digits
ID = IDS.pattern
new_id = IDS.new

user_pk = KeyPrefix("U")
list_sk = KeyPrefix("L")
todo_sk = KeyPrefix("T")
tombstone_sk = KeyPrefix("X")
device_sk = KeyPrefix("D")
token_hash_pk = KeyPrefix("K")  # a device token's item, keyed by the token's hash
TOKEN_SK = "K"  # noqa: S105 (a sort key)
# A device token as it may appear in a capability URL; longer ones are nobody's.
TOKEN_MAX_LENGTH = 100
TOKEN = re.compile(rf"[A-Za-z0-9_-]{{1,{TOKEN_MAX_LENGTH}}}")


def token_pk(token: str) -> str:
    return token_hash_pk(token_hash(token))


def token_hash(token: str) -> str:
    """Tokens are 256 random bits: a fast hash is as safe as a slow one for them."""
    return hashlib.sha256(token.encode()).hexdigest()


def changed_key(ms: int, todo_id: str) -> str:
    return f"{ms:013d}#{todo_id}"
