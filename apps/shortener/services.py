"""Creating, editing, deleting and counting clicks of short links."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.conf import settings

from apps.core.dynamodb.writes import (
    ConditionFailed,
    item_count_below,
    item_create,
    item_delete,
    item_update,
    item_upsert_best_effort,
)
from apps.shortener.codes import random_code, reserved_words
from apps.shortener.models import ClickShard, Link, limit_key, shard_key
from apps.shortener.selectors import link_shard_clicks

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


NOT_YOUR_LINK = "No such short link of yours."


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


def link_click_count(link: Link) -> bool:
    """Count one click; False when the link's click limit refuses it (nothing counted).

    Without a limit: one random shard, best effort (a failure is logged, the
    click still redirects). With one: the limit's own counter, conditional, so
    the limit is exact under concurrent clicks; an outage propagates, since an
    uncounted click could pass the limit.
    """
    allowed = link.clicks_allowed
    if allowed is None:
        shard = ClickShard(shard_key(link, random.randrange(settings.SHORTENER_CLICK_SHARDS)))  # noqa: S311
        if not item_upsert_best_effort(shard, [ClickShard.clicks.add(1), _expiry(link)]):
            logger.warning("Click not counted for %s", link.code)
        return True
    if allowed <= 0:
        return False
    try:
        item_count_below(ClickShard(limit_key(link)), ClickShard.clicks, allowed, [_expiry(link)])
    except ConditionFailed:
        return False
    return True


def _expiry(link: Link):
    return ClickShard.expires.set(link.expires)
