"""Reading links and their clicks. Missing or expired links come back as None."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core import signing

from apps.shortener.codes import ALIAS_PATTERN
from apps.shortener.models import ClickShard, Link, shard_key

CURSOR_SALT = "shortener.my-links"


@dataclass
class LinkPage:
    links: list[Link]
    clicks: dict[str, int]
    next_cursor: str | None


def link_get(*, code: str) -> Link | None:
    """The live link behind ``code``: one GetItem; None if unknown or expired."""
    if not ALIAS_PATTERN.fullmatch(code):
        return None
    try:
        link = Link.get(code)
    except Link.DoesNotExist:
        return None
    return None if link.expires <= datetime.now(UTC) else link


def link_list_for_owner(*, owner: str, cursor: str | None = None) -> LinkPage:
    """One page of an owner's live links, newest first (a Query on the owner index)."""
    query = Link.owner_index.query(
        owner,
        scan_index_forward=False,
        limit=settings.SHORTENER_PAGE_SIZE,
        last_evaluated_key=cursor_decode(cursor, owner) if cursor else None,
    )
    now = datetime.now(UTC)
    links = [link for link in query if link.expires > now]
    next_key = query.last_evaluated_key
    return LinkPage(
        links=links,
        clicks=link_clicks(links),
        next_cursor=cursor_encode(next_key, owner) if next_key else None,
    )


def link_clicks(links: list[Link]) -> dict[str, int]:
    """Total clicks per code: every shard of every link, in BatchGetItem calls."""
    totals = {link.code: 0 for link in links}
    shards = range(settings.SHORTENER_CLICK_SHARDS)
    code_of = {shard_key(link, n): link.code for link in links for n in shards}
    for shard in ClickShard.batch_get(list(code_of)):
        totals[code_of[shard.counter]] += int(shard.clicks)
    return totals


class BadCursor(ValueError):
    """A page cursor that was not made by this site for this owner."""


def cursor_encode(key: dict, owner: str) -> str:
    return signing.dumps({"key": key, "owner": owner}, salt=CURSOR_SALT, compress=True)


def cursor_decode(cursor: str, owner: str) -> dict:
    try:
        data = signing.loads(cursor, salt=CURSOR_SALT)
    except signing.BadSignature as error:
        raise BadCursor("This page link is not valid.") from error
    if data.get("owner") != owner:
        raise BadCursor("This page link is not valid.")
    return data["key"]
