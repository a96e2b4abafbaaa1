"""Dwipper's ids and keys (see the table of keys in apps/dwipper/models.py)."""

from apps.core.dynamodb.ids import TimeSortedIds
from apps.core.dynamodb.keys import KeyPrefix

IDS = TimeSortedIds(time_digits=12)  # dwipp ids (and a favourite's ``when``): 20 hex digits
ID = IDS.pattern
new_id = IDS.new

user_pk = KeyPrefix("U")
timeline_pk = KeyPrefix("T")
tag_pk = KeyPrefix("H")
notice_pk = KeyPrefix("N")
vote_sk = KeyPrefix("V")
favourite_sk = KeyPrefix("F")
following_sk = KeyPrefix("O")
follower_sk = KeyPrefix("R")
block_sk = KeyPrefix("B")  # u blocks them
blocked_by_sk = KeyPrefix("X")  # they block u
post_key_sk = KeyPrefix("K")  # a post form's idempotency key
mentioned_sk = KeyPrefix("M")  # a dwipp that @names u
PROFILE_SK = "P"
