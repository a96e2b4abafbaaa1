"""Creating, editing, deleting and counting clicks of short links."""

from __future__ import annotations

import json
import logging
import random
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from pynamodb.expressions.condition import size

from apps.core.background.idempotence import record_transaction
from apps.core.background.records import StreamRecord
from apps.core.background.work import Work, background_task, work_record
from apps.core.dynamodb.writes import (
    ConditionFailed,
    Transaction,
    TransactionRefused,
    item_count_below,
    item_create,
    item_delete,
    item_update,
    item_upsert,
    item_upsert_best_effort,
    items_put_batch,
    transaction_commit,
)
from apps.shortener.clicks import Click
from apps.shortener.codes import random_code, reserved_words
from apps.shortener.imports import Row
from apps.shortener.models import ClickShard, Link, LinkDay, LinkImport, limit_key, shard_key
from apps.shortener.selectors import link_import_get, link_shard_clicks

logger = logging.getLogger(__name__)

ALIAS_TAKEN = "That alias is taken. Please choose another."
NO_FREE_CODE = "Could not find a free short code. Please try again."
CODE_ATTEMPTS = 5


class LinkError(Exception):
    """A link that cannot be created; the message is fit to show to the user."""


class AliasTaken(LinkError):
    pass


class NoFreeCode(LinkError):
    pass


class NotYourLink(LinkError):
    pass


class NotYourImport(LinkError):
    pass


NOT_YOUR_LINK = "No such short link of yours."
OTHER_HOSTS = "(other)"  # referring hosts beyond a day's SHORTENER_TOP_HOSTS


def link_create(
    *,
    url: str,
    owner: str | None = None,
    alias: str | None = None,
    expires_in_days: int | None = None,
    code_source: Callable[[int], str] = random_code,
) -> Link:
    """Store a new link under ``alias`` or a fresh random code; never overwrites a link."""
    days = expires_in_days or settings.SHORTENER_DEFAULT_DAYS
    now = datetime.now(UTC)
    link = Link(url=url, owner=owner, created=now, expires=now + timedelta(days=days))
    if alias:
        if not _put_if_absent(link, alias):
            raise AliasTaken(ALIAS_TAKEN)
        return link
    for _ in range(CODE_ATTEMPTS):
        code = code_source(settings.SHORTENER_CODE_LENGTH)
        if code.lower() not in reserved_words() and _put_if_absent(link, code):
            return link
    raise NoFreeCode(NO_FREE_CODE)


def _put_if_absent(link: Link, code: str) -> bool:
    """Store ``link`` under ``code`` unless a live link holds it (an expired one may go)."""
    link.code = code
    try:
        item_create(link, reclaim=Link.expires <= link.created)
    except ConditionFailed:
        return False
    return True


def link_delete(*, code: str, owner: str) -> bool:
    """Delete the owner's link; False when there is no such link of theirs."""
    try:
        item_delete(Link(code), condition=Link.owner == owner)
    except ConditionFailed:
        return False
    return True


def link_remove(*, code: str) -> bool:
    """Delete a link whoever made it (staff, in the admin); False when it was gone already.

    Its click counters stay until their TTL (the link's expiry) removes them;
    a code reused later counts from zero (see ClickShard).
    """
    try:
        item_delete(Link(code), condition=Link.code.exists())
    except ConditionFailed:
        return False
    return True


def link_edit(
    *,
    code: str,
    owner: str,
    url: str,
    fallback_url: str | None = None,
    click_limit: int | None = None,
    paused: bool = False,
) -> Link:
    """Change where the owner's link leads and how: one read, one conditional update.

    A fallback URL keeps the link (leading there) for SHORTENER_FALLBACK_DAYS
    after it ends; removing it lets the link end and expire together again.
    Setting a click limit notes what the random shards have counted so far
    (``limit_base``): from then on clicks count on the limit's own counter.
    NotYourLink when the link is gone, expired or someone else's.
    """
    try:
        link = Link.get(code, consistent_read=True)
    except Link.DoesNotExist:
        raise NotYourLink(NOT_YOUR_LINK) from None
    if link.owner != owner or link.expires <= datetime.now(UTC):
        raise NotYourLink(NOT_YOUR_LINK)
    ends, expires = _lifetime(link, fallback=bool(fallback_url))
    base = link_shard_clicks(link) if click_limit is not None else link.limit_base
    values = [
        (Link.url, url),
        (Link.fallback_url, fallback_url or None),
        (Link.click_limit, click_limit),
        (Link.limit_base, base),
        (Link.paused, paused or None),
        (Link.ends, ends),
        (Link.expires, expires),
    ]
    actions = [a.remove() if v is None else a.set(v) for a, v in values]
    condition = (Link.owner == owner) & (Link.created == link.created)
    try:
        item_update(link, actions, condition=condition)
    except ConditionFailed:
        raise NotYourLink(NOT_YOUR_LINK) from None
    return link


def _lifetime(link: Link, *, fallback: bool) -> tuple[datetime | None, datetime]:
    """(ends, expires) of ``link`` with or without a fallback URL."""
    if fallback:
        ends = link.ends_at
        return ends, ends + timedelta(days=settings.SHORTENER_FALLBACK_DAYS)
    return None, link.ends_at


def link_click_count(link: Link, click: Click | None = None) -> bool:
    """Count one click; False when the link's click limit refuses it (nothing counted).

    Without a limit: one random shard, best effort (a failure is logged, the
    click still redirects). With one: the limit's own counter, conditional, so
    the limit is exact under concurrent clicks; an outage propagates, since an
    uncounted click could pass the limit.
    """
    allowed = link.clicks_allowed
    carried = _click_actions(link, click)
    if allowed is None:
        shard = ClickShard(shard_key(link, random.randrange(settings.SHORTENER_CLICK_SHARDS)))  # noqa: S311
        if not item_upsert_best_effort(shard, [ClickShard.clicks.add(1), *carried]):
            logger.warning("Click not counted for %s", link.code)
        return True
    if allowed <= 0:
        return False
    try:
        item_count_below(ClickShard(limit_key(link)), ClickShard.clicks, allowed, carried)
    except ConditionFailed:
        return False
    return True


def _click_actions(link: Link, click: Click | None) -> list:
    """The counter's expiry, and what the statistics keep of the click (for the stream)."""
    actions = [ClickShard.expires.set(link.expires)]
    if click is not None:
        actions.append(ClickShard.click.set(click.packed()))
    return actions


def link_clicks_aggregate(record: StreamRecord) -> None:
    """Stream handler of the click counters: add the click a change carries to its day.

    Each counted click changes one counter, and the change's new image holds
    that click (``click``). The day's item is made first (empty
    maps, the TTL: the same every time), then the click is added in one
    transaction with the record's receipt, so a redelivered record adds
    nothing. A referring host beyond the day's first SHORTENER_TOP_HOSTS is
    counted under OTHER_HOSTS, which keeps a day's item, and so a page of
    90 days, small.
    """
    new, old = record.new, record.old
    if new is None or new.click is None or int(new.clicks) <= int(old.clicks if old else 0):
        return
    click = Click.unpacked(new.click)
    day = LinkDay(new.counter.rsplit("#", 1)[0], click.day)
    _day_prepare(day)
    if click.bot:
        _day_add(record, day, [LinkDay.bots.add(1)])
        return
    actions = [
        LinkDay.clicks.add(1),
        LinkDay.browsers[click.browser].add(1),
        LinkDay.devices[click.device].add(1),
    ]
    host = click.referrer
    room = LinkDay.referrers[host].exists() | (
        size(LinkDay.referrers) < settings.SHORTENER_TOP_HOSTS
    )
    try:
        _day_add(record, day, [*actions, LinkDay.referrers[host].add(1)], room)
    except TransactionRefused as refused:
        if not refused.refused(day):
            raise
        _day_add(record, day, [*actions, LinkDay.referrers[OTHER_HOSTS].add(1)])


def _day_prepare(day: LinkDay) -> None:
    first = datetime.fromisoformat(day.day).replace(tzinfo=UTC)
    expires = first + timedelta(days=settings.SHORTENER_STATS_DAYS + 1)
    item_upsert(
        day,
        [
            LinkDay.referrers.set(LinkDay.referrers | {}),
            LinkDay.browsers.set(LinkDay.browsers | {}),
            LinkDay.devices.set(LinkDay.devices | {}),
            LinkDay.expires.set(expires),
        ],
    )


def _day_add(record: StreamRecord, day: LinkDay, actions: list, condition=None) -> None:
    transaction = record_transaction(record, link_clicks_aggregate)
    transaction.update(day, actions, condition=condition, check_version=False)
    transaction_commit(transaction)


STREAM_HANDLERS = {"link_clicks": link_clicks_aggregate}


# --- CSV imports ---

IMPORT_CHUNK = 90  # rows a part holds and a piece of work creates (a transaction: at most 100)
IMPORT_DRY_RUN_LIFE = timedelta(hours=1)
IMPORT_LIFE = timedelta(days=7)
DRY_RUN, RUNNING, DONE = "dry run", "running", "done"
IMPORT_GONE = "No such import of yours: a dry run is kept for an hour."
ALIAS_TAKEN_MEANWHILE = "The alias was taken before the link could be made."


def link_import_prepare(*, owner: str, rows: list[Row]) -> LinkImport:
    """Keep the dry run of ``rows`` for an hour: the import and its rows, in parts."""
    now = datetime.now(UTC)
    import_id = uuid.uuid4().hex
    header = LinkImport(
        import_id,
        0,
        owner=owner,
        created=now,
        state=DRY_RUN,
        total=len(rows),
        valid=sum(row.problem is None for row in rows),
        made=0,
        failed=0,
        failures={},
        expires=now + IMPORT_DRY_RUN_LIFE,
    )
    chunks = [rows[n : n + IMPORT_CHUNK] for n in range(0, len(rows), IMPORT_CHUNK)]
    parts = [
        LinkImport(
            import_id,
            number,
            rows=json.dumps([[r.url, r.alias, r.days, r.problem] for r in chunk]),
            expires=now + IMPORT_LIFE,
        )
        for number, chunk in enumerate(chunks, start=1)
    ]
    items_put_batch([header, *parts])
    return header


def link_import_confirm(*, import_id: str, owner: str) -> bool:
    """Start making the dry run's links in the background: True; False when an earlier
    confirmation did (a resent one creates nothing). NotYourImport when there is no such
    dry run of ``owner``'s, or its hour is up."""
    now = datetime.now(UTC)
    header = LinkImport(import_id, 0)
    transaction = Transaction()
    transaction.update(
        header,
        [LinkImport.state.set(RUNNING), LinkImport.expires.set(now + IMPORT_LIFE)],
        condition=(LinkImport.owner == owner)
        & (LinkImport.expires > now)
        & (LinkImport.state == DRY_RUN),
        check_version=False,
    )
    work_record(transaction, link_import_run, {"import": import_id, "owner": owner})
    try:
        transaction_commit(transaction)
    except TransactionRefused as refused:
        if not refused.refused(header):
            raise
        stored = link_import_get(import_id=import_id, owner=owner)
        if stored is None or stored.state == DRY_RUN:
            raise NotYourImport(IMPORT_GONE) from None
        return False
    return True


@background_task
def link_import_run(work: Work) -> str | None:
    """One part of a confirmed import: its valid rows' links, in the hand-off's transaction.

    An alias taken by then is a failure of its row. A random code or an alias
    taken between the check and the commit refuses the transaction: the piece
    is run again, and the check then finds it. The transaction commits once,
    so a piece run twice makes nothing twice.
    """
    import_id, owner = work.payload["import"], work.payload["owner"]
    number = int(work.cursor or 1)
    try:
        rows = json.loads(LinkImport.get(import_id, number, consistent_read=True).rows)
    except LinkImport.DoesNotExist:
        rows = []
    first = (number - 1) * IMPORT_CHUNK + 1
    wanted = [(first + n, row) for n, row in enumerate(rows) if row[3] is None]
    taken = _live_codes([row[1] for _, row in wanted if row[1]])
    now, made, failures = datetime.now(UTC), 0, {}
    for place, (url, alias, days, _) in wanted:
        if alias in taken:
            failures[str(place)] = ALIAS_TAKEN_MEANWHILE
            continue
        lifetime = timedelta(days=days or settings.SHORTENER_DEFAULT_DAYS)
        link = Link(code=alias or _free_random_code(), url=url, owner=owner, created=now)
        link.expires = now + lifetime
        work.transaction.create(link, reclaim=Link.expires <= now)
        made += 1
    last = len(rows) < IMPORT_CHUNK
    actions = [LinkImport.made.add(made), LinkImport.failed.add(len(failures))]
    actions += [LinkImport.failures[place].set(why) for place, why in failures.items()]
    if last:
        actions.append(LinkImport.state.set(DONE))
    work.transaction.update(LinkImport(import_id, 0), actions, check_version=False)
    return None if last else str(number + 1)


def _live_codes(codes: list[str]) -> set[str]:
    now = datetime.now(UTC)
    return {link.code for link in Link.batch_get(codes) if link.expires > now}


def _free_random_code() -> str:
    while True:
        code = random_code(settings.SHORTENER_CODE_LENGTH)
        if code.lower() not in reserved_words():
            return code
