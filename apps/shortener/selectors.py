"""Reading links and their clicks. Missing or expired links come back as None."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.conf import settings

from apps.core.dynamodb.cursors import cursor_dump, cursor_load
from apps.shortener.codes import ALIAS_PATTERN
from apps.shortener.models import (
    ClickShard,
    Link,
    LinkDay,
    LinkImport,
    limit_key,
    shard_name,
    stats_key,
)

CURSOR_SCOPE = "shortener.links"
# Expired links stay in the index until DynamoDB's TTL deletes them (up to two
# days late). A page skips them to fill itself, reading at most this many rows
# per link shown; past that it shows fewer links, still with "Older links".
ROWS_READ_PER_LINK = 5
STATS_PERIODS = (30, 90)  # days a statistics page may cover
TOP_SHOWN = 10  # rows of each top list
IMPORT_ID = re.compile(r"[0-9a-f]{32}")


@dataclass
class LinkPage:
    links: list[Link]
    clicks: dict[str, int]
    next_cursor: str | None
    first: bool  # the list's first page (no "Newest" link; empty means no links at all)


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
    """One page of an owner's live links, newest first (a Query on the owner index).

    Expired rows are skipped and the page is filled from older ones; the
    cursor points after the last row read, so no live link is ever skipped.
    A cursor of another owner's list is BadCursor.
    """
    size = settings.SHORTENER_PAGE_SIZE
    query = Link.owner_index.query(
        owner,
        scan_index_forward=False,
        limit=size * ROWS_READ_PER_LINK,
        page_size=size + 1,
        last_evaluated_key=cursor_load(cursor, scope=CURSOR_SCOPE, viewer=owner),
    )
    now = datetime.now(UTC)
    links: list[Link] = []
    last_read = None
    for row in query:
        if row.expires > now:
            if len(links) == size:  # one more live link: there is an older page
                break
            links.append(row)
        last_read = row
    else:
        if query.last_evaluated_key is None:  # the index holds nothing older
            last_read = None
    return LinkPage(
        links=links,
        clicks=link_clicks(links),
        next_cursor=cursor_dump(_position(last_read), scope=CURSOR_SCOPE, viewer=owner),
        first=not cursor,
    )


def _position(link: Link | None) -> dict | None:
    """The owner index's key of ``link``: a Query resumes right after it."""
    if link is None:
        return None
    return {
        "code": {"S": link.code},
        "owner": {"S": link.owner},
        "created": {"S": Link.created.serialize(link.created)},
    }


def link_clicks(links: list[Link]) -> dict[str, int]:
    """Total clicks per code: every shard of every link (and the counter of a
    link that has had a click limit), in BatchGetItem calls."""
    return _counted(links, with_limit=True)


def link_clicks_left(link: Link) -> int | None:
    """How many more clicks ``link``'s limit lets through (one GetItem); None without a limit."""
    allowed = link.clicks_allowed
    if allowed is None or allowed <= 0:
        return allowed if allowed is None else 0
    try:
        used = int(ClickShard.get(limit_key(link)).clicks)
    except ClickShard.DoesNotExist:
        used = 0
    return max(allowed - used, 0)


def link_shard_clicks(link: Link) -> int:
    """The clicks ``link``'s random shards hold (those its click limit did not count)."""
    return _counted([link], with_limit=False)[link.code]


def _counted(links: list[Link], *, with_limit: bool) -> dict[str, int]:
    totals = {link.code: 0 for link in links}
    shards = range(settings.SHORTENER_CLICK_SHARDS)
    keys = {link.code: stats_key(link) for link in links}
    code_of = {shard_name(key, n): code for code, key in keys.items() for n in shards}
    if with_limit:
        code_of |= {limit_key(link): link.code for link in links if link.limit_base is not None}
    for shard in ClickShard.batch_get(list(code_of)):
        totals[code_of[shard.counter]] += int(shard.clicks)
    return totals


@dataclass
class LinkStats:
    days: list[tuple[date, int, int]]  # (day, people's clicks, bots' clicks), oldest first
    clicks: int  # people's, in the period
    bots: int
    referrers: list[tuple[str, int]]  # the most clicks first, at most TOP_SHOWN
    browsers: list[tuple[str, int]]
    devices: list[tuple[str, int]]


def link_stats(*, link: Link, days: int) -> LinkStats:
    """The link's clicks per day (UTC) of the last ``days`` days and its top lists: one Query.

    The figures are what the stream handler has aggregated so far: a click
    shows once the stream has delivered it.
    """
    today = datetime.now(UTC).date()
    first = today - timedelta(days=days - 1)
    rows = LinkDay.query(stats_key(link), LinkDay.day >= first.isoformat())
    by_day = {row.day: row for row in rows}
    totals = {"referrers": Counter(), "browsers": Counter(), "devices": Counter()}
    for row in by_day.values():
        for name, counter in totals.items():
            counter.update({key: int(n) for key, n in getattr(row, name).as_dict().items()})
    series = []
    for n in range(days):
        day = first + timedelta(days=n)
        row = by_day.get(day.isoformat())
        series.append((day, int(row.clicks) if row else 0, int(row.bots) if row else 0))
    return LinkStats(
        days=series,
        clicks=sum(people for _, people, _ in series),
        bots=sum(bots for _, _, bots in series),
        **{name: counter.most_common(TOP_SHOWN) for name, counter in totals.items()},
    )


def link_import_get(*, import_id: str, owner: str) -> LinkImport | None:
    """The import (its part 0) if it is ``owner``'s and not expired: one GetItem."""
    if not IMPORT_ID.fullmatch(import_id):
        return None
    try:
        found = LinkImport.get(import_id, 0, consistent_read=True)
    except LinkImport.DoesNotExist:
        return None
    return found if found.owner == owner and found.expires > datetime.now(UTC) else None


def link_import_rows(*, import_id: str) -> list[tuple[int, str, str, int | None, str | None]]:
    """Every row of an import, numbered from 1 (a Query of its parts)."""
    parts = LinkImport.query(import_id, LinkImport.part > 0)
    rows = [row for part in parts for row in json.loads(part.rows)]
    return [(n, *row) for n, row in enumerate(rows, start=1)]
