"""Creating, deleting and counting clicks of short links."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.conf import settings

from apps.core.dynamodb.writes import (
    ConditionFailed,
    item_create,
    item_delete,
    item_upsert_best_effort,
)
from apps.shortener.codes import random_code, reserved_words
from apps.shortener.models import ClickShard, Link, shard_key

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


def link_click_count(link: Link) -> None:
    """Add one click to a random shard; a failure is logged, never raised (best effort)."""
    shard = ClickShard(shard_key(link, random.randrange(settings.SHORTENER_CLICK_SHARDS)))  # noqa: S311
    actions = [ClickShard.clicks.add(1), ClickShard.expires.set(link.expires)]
    if not item_upsert_best_effort(shard, actions):
        logger.warning("Click not counted for %s", link.code)
