"""Writing dwipps, votes, favourites, follows and reports, through the write layer.

Counters move in the same transaction as the record they count (a vote, a
favourite, a follow), on the condition that the record was absent (or
present): so a count is always the number of records, whatever runs
concurrently, never negative and never counted twice. ``author``, ``user``,
``follower`` and ``followee`` are username keys.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import random
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings

from apps.accounts.selectors import notices_seen_of, user_get, username_key, usernames_existing
from apps.accounts.services import notices_unread_add
from apps.core.background.work import Work, background_task, work_record
from apps.core.dynamodb.writes import (
    ConditionFailed,
    Transaction,
    TransactionRefused,
    item_create,
    item_delete,
    item_update,
    items_delete_batch,
    items_put_batch,
    transaction_commit,
)
from apps.dwipper.keys import (
    ID,
    PROFILE_SK,
    block_sk,
    blocked_by_sk,
    favourite_sk,
    follower_sk,
    following_sk,
    mentioned_sk,
    new_id,
    notice_pk,
    post_key_sk,
    tag_pk,
    timeline_pk,
    user_pk,
    vote_sk,
)
from apps.dwipper.markup import text_mentions, text_tags
from apps.dwipper.models import (
    BLOCK,
    BLOCKED_BY,
    FAVOURITE,
    FEED_ALL,
    FOLLOWER,
    FOLLOWING,
    MENTIONED,
    NOTICE,
    POSTED,
    PROFILE,
    TAG,
    TIMELINE,
    VOTE,
    Dwipp,
    Report,
    Social,
)
from apps.dwipper.selectors import dwipp_get

NOT_FOUND = "No such dwipp."
REPLY, MENTION, FOLLOW, UPVOTE = "reply", "mention", "follow", "upvote"
NOTICE_KINDS = {
    REPLY: "Replies to my dwipps",
    MENTION: "Mentions of me",
    FOLLOW: "New followers",
    UPVOTE: "Upvotes of my dwipps",
}
NOT_YOURS = "No such dwipp of yours."
SELF_FOLLOW = "You cannot follow yourself."
SELF_BLOCK = "You cannot block yourself."
BLOCKED = "You cannot follow {name}: one of you blocks the other."
TOGGLE_ATTEMPTS = 10
BACKFILL = 20  # a new follow brings this many of the followee's latest dwipps
POST_KEY_LIFETIME = timedelta(days=1)  # a resent post form is recognised this long
# TransactWriteItems takes 100 writes: a tombstone is one, and perhaps its parent's
# count one more (and the clean-up's work one), taking back a mark two, a follow three
# (four when the notice of it goes too), unlinking a mention two.
TOMBSTONES_TOGETHER = 49
UNDO_WRITES = {
    VOTE: 2,
    FAVOURITE: 2,
    FOLLOWING: 4,
    FOLLOWER: 3,
    BLOCK: 2,
    BLOCKED_BY: 2,
    MENTIONED: 2,
}
TRANSACTION_WRITES = 100


class DwippNotFound(Exception):
    """No such dwipp (or none the caller may change); the page answers 404."""


class SelfFollow(ValueError):
    pass


class Blocked(ValueError):
    """A follow between two people one of whom blocks the other."""


@dataclass
class Toggled:
    on: bool
    count: int


def _now() -> datetime:
    return datetime.now(UTC)


# --- dwipps ---


def dwipp_create(
    *,
    author: str,
    author_name: str,
    text: str,
    idempotency_key: str | None = None,
    parent: str | None = None,
) -> Dwipp:
    """Post a dwipp (a reply to ``parent`` when given); its fan-out is recorded with it.

    One transaction writes the dwipp, its tag and mention records, the
    fan-out's first piece of work (``timelines_fan_out``, run from the work
    table's stream), for a reply the parent's count (ADD, on the condition
    that the parent is visible: so the count is exact however many reply at
    once) and, when the post form carries an ``idempotency_key``, a claim on
    that key: the same form sent again finds its claim and gets the dwipp it
    made, not a second.
    """
    if parent is not None and not ID.fullmatch(parent):
        raise DwippNotFound(NOT_FOUND)
    dwipp = Dwipp(new_id(), author=author, author_name=author_name, text=text, feed=FEED_ALL)
    dwipp.created, dwipp.parent = _now(), parent
    dwipp.tags, dwipp.mentions = _tags_and_mentions(text)
    transaction = Transaction(nonce=idempotency_key)
    transaction.create(dwipp)
    for tag in dwipp.tags or ():
        transaction.create(_tag_record(tag, dwipp.dwipp_id))
    for user in dwipp.mentions or ():
        transaction.create(_mentioned_record(user, dwipp.dwipp_id))
    answered = Dwipp(parent)
    if parent is not None:
        visible = Dwipp.hidden == False  # noqa: E712 (a DynamoDB condition)
        transaction.update(answered, [Dwipp.replies.add(1)], condition=visible, check_version=False)
    if idempotency_key is not None:
        claim = Social(user_pk(author), post_key_sk(idempotency_key), kind=POSTED)
        claim.posted, claim.expires = dwipp.dwipp_id, _now() + POST_KEY_LIFETIME
        transaction.create(claim)
    work_record(transaction, timelines_fan_out, {"dwipp": dwipp.dwipp_id, "author": author})
    if parent is not None or dwipp.mentions:
        event = {"dwipp": dwipp.dwipp_id, "actor": author, "actor_name": author_name}
        event.update(parent=parent, mentions=sorted(dwipp.mentions or ()))
        work_record(transaction, dwipp_notify, event)
    try:
        committed = transaction_commit(transaction)
    except TransactionRefused as refused:
        if parent is not None and refused.refused(answered):
            raise DwippNotFound(NOT_FOUND) from refused
        if idempotency_key is None or not refused.refused(claim):
            raise
        committed = False
    if committed:
        return dwipp
    posted = _social_get(claim.PK, claim.SK)
    earlier = posted and dwipp_get(posted.posted)
    if earlier is None:
        raise DwippNotFound(NOT_FOUND)  # posted, then deleted meanwhile
    return earlier


def dwipp_edit(*, author: str, dwipp_id: str, text: str) -> Dwipp:
    """Change the author's dwipp's text; its tag and mention records follow in the same
    transaction.

    The update is conditional on the tags and mentions read being the ones
    stored, so two edits at once (or an edit and the unlinking of a deleted
    account's mentions) cannot leave a record behind or bring back a mention
    without its record: the later one reads again.
    """
    for _ in range(TOGGLE_ATTEMPTS):
        stored = dwipp_get(dwipp_id)
        if stored is None or stored.author != author:
            raise DwippNotFound(NOT_YOURS)
        tags, mentions = _tags_and_mentions(text)
        try:
            transaction_commit(_edit_transaction(stored, text, tags, mentions))
        except TransactionRefused:
            continue  # edited, unlinked or deleted meanwhile: read it again
        stored.text, stored.tags, stored.mentions = text, tags, mentions
        return stored
    raise DwippNotFound(NOT_YOURS)


def _edit_transaction(stored: Dwipp, text: str, tags, mentions) -> Transaction:
    """The edit of ``stored`` (as read) and the tag and mention records that come and go."""
    dwipp_id = stored.dwipp_id
    before, after = set(stored.tags or ()), set(tags or ())
    named_before, named_after = set(stored.mentions or ()), set(mentions or ())
    unchanged = _set_unchanged(Dwipp.tags, before) & _set_unchanged(Dwipp.mentions, named_before)
    transaction = Transaction()
    transaction.update(
        Dwipp(dwipp_id),
        [
            Dwipp.text.set(text),
            Dwipp.edited.set(_now()),
            Dwipp.tags.set(tags) if tags else Dwipp.tags.remove(),
            Dwipp.mentions.set(mentions) if mentions else Dwipp.mentions.remove(),
        ],
        condition=(Dwipp.author == stored.author) & Dwipp.deleted.does_not_exist() & unchanged,
        check_version=False,
    )
    for tag in sorted(after - before):
        transaction.create(_tag_record(tag, dwipp_id))
    for tag in sorted(before - after):
        transaction.delete(Social(tag_pk(tag), dwipp_id), check_version=False)
    named = sorted(named_after - named_before)
    for user in named:
        transaction.create(_mentioned_record(user, dwipp_id), reclaim=Social.PK.exists())
    for user in sorted(named_before - named_after):
        transaction.delete(_mentioned_record(user, dwipp_id), check_version=False)
    if named:
        event = {"dwipp": dwipp_id, "actor": stored.author, "actor_name": stored.author_name}
        work_record(transaction, dwipp_notify, {**event, "parent": None, "mentions": named})
    return transaction


def _tags_and_mentions(text: str) -> tuple[set[str] | None, set[str] | None]:
    """The text's tag keys and the username keys of the existing users it names (None: none)."""
    tags = set(text_tags(text))
    names = text_mentions(text)
    mentions = usernames_existing(names) if names else set()
    return tags or None, mentions or None


def _set_unchanged(attribute, read: set[str]):
    """The condition that the set ``attribute`` still holds what was ``read`` (none: absent)."""
    return attribute == read if read else attribute.does_not_exist()


def _tag_record(tag: str, dwipp_id: str) -> Social:
    return Social(tag_pk(tag), dwipp_id, kind=TAG, dwipp_ref=dwipp_id)


def _mentioned_record(user: str, dwipp_id: str) -> Social:
    """``user``'s record of a dwipp that links to them (models.Social), found at their deletion."""
    return Social(user_pk(user), mentioned_sk(dwipp_id), kind=MENTIONED, dwipp_ref=dwipp_id)


def dwipp_delete(*, author: str | None, dwipp_id: str) -> None:
    """Make the author's dwipp a tombstone (any dwipp when ``author`` is None: staff).

    The tombstone keeps the id, the time and the count of its replies (which
    stay, under a "deleted" placeholder), and nothing of the author; from
    then on every page skips it and the records that point at it. Their
    clean-up (votes, favourites, timeline entries, reports) is recorded in
    the same transaction and done in the background (``dwipp_records_clean``).
    """
    dwipp = dwipp_get(dwipp_id)
    if dwipp is None:
        raise DwippNotFound(NOT_YOURS if author else NOT_FOUND)
    try:
        _dwipps_tombstone(author, [dwipp])
    except TransactionRefused as error:
        raise DwippNotFound(NOT_YOURS if author else NOT_FOUND) from error


def _dwipps_tombstone(author: str | None, dwipps: list[Dwipp]) -> None:
    """Tombstone these dwipps and record their clean-up, in one transaction (all or none).

    A reply leaves its parent's count in the same transaction: one ADD per
    parent (several replies to one parent add up; a parent tombstoned here
    too takes its ADD in its own update, as a transaction touches an item once).
    """
    owned = Dwipp.dwipp_id.exists() if author is None else Dwipp.author == author
    left = Counter(d.parent for d in dwipps if d.parent)
    transaction = Transaction()
    for dwipp in dwipps:
        actions = [
            Dwipp.deleted.set(_now()),
            Dwipp.hidden.set(True),
            Dwipp.text.remove(),
            Dwipp.author.remove(),
            Dwipp.author_name.remove(),
            Dwipp.feed.remove(),
            Dwipp.edited.remove(),
            Dwipp.parent.remove(),
            Dwipp.tags.remove(),
            Dwipp.mentions.remove(),
        ]
        if dwipp.dwipp_id in left:
            actions.append(Dwipp.replies.add(-left.pop(dwipp.dwipp_id)))
        transaction.update(
            Dwipp(dwipp.dwipp_id),
            actions,
            condition=owned & Dwipp.deleted.does_not_exist(),
            check_version=False,
        )
    for parent, count in left.items():
        transaction.update(Dwipp(parent), [Dwipp.replies.add(-count)], check_version=False)
    work_record(transaction, dwipp_records_clean, {"dwipps": [d.dwipp_id for d in dwipps]})
    transaction_commit(transaction)


def dwipp_hide(dwipp_id: str, hidden: bool) -> None:
    """Hide a dwipp from every feed and profile (moderation), or show it again.

    The followers' timelines follow in the background: hiding takes the
    dwipp out of them, showing it again fans it out again.
    """
    feed = Dwipp.feed.remove() if hidden else Dwipp.feed.set(FEED_ALL)
    dwipp = dwipp_get(dwipp_id)
    if dwipp is None:
        raise DwippNotFound(NOT_FOUND)
    transaction = Transaction()
    transaction.update(
        Dwipp(dwipp_id),
        [Dwipp.hidden.set(hidden), feed],
        condition=Dwipp.deleted.does_not_exist(),
        check_version=False,
    )
    if hidden:
        work_record(transaction, timelines_withdraw, {"dwipp": dwipp_id})
    else:
        work_record(transaction, timelines_fan_out, {"dwipp": dwipp_id, "author": dwipp.author})
    try:
        transaction_commit(transaction)
    except TransactionRefused as error:
        raise DwippNotFound(NOT_FOUND) from error


# --- upvotes and favourites ---


def upvote_toggle(
    *, user: str, dwipp_id: str, on: bool | None = None, hidden_too: bool = False
) -> Toggled:
    """Upvote, or take the upvote back (``on`` None: whichever it is not).

    A hidden dwipp is not found, unless ``hidden_too`` (account deletion takes
    marks back from hidden dwipps too, so their counts stay exact). An upvote
    records the author's notification with it (``upvote_notify``).
    """
    record = Social(user_pk(user), vote_sk(dwipp_id), kind=VOTE, dwipp_ref=dwipp_id)
    return _toggle(record, Dwipp.upvotes, dwipp_id, on, hidden_too)


def favourite_toggle(
    *, user: str, dwipp_id: str, on: bool | None = None, hidden_too: bool = False
) -> Toggled:
    record = Social(user_pk(user), favourite_sk(dwipp_id), kind=FAVOURITE, dwipp_ref=dwipp_id)
    record.when = new_id()
    return _toggle(record, Dwipp.favourites, dwipp_id, on, hidden_too)


def _toggle(record: Social, counter, dwipp_id: str, on: bool | None, hidden_too: bool) -> Toggled:
    """Create or delete ``record`` and move ``counter`` with it, in one transaction.

    The record is read first to know which way to go; the transaction's
    conditions (record absent for a create, present for a delete) refuse it if
    another request changed the record meanwhile. Then this request keeps the
    state it asked for (a toggle: the opposite of what it saw) and reads again,
    so that concurrent clicks settle instead of flipping on forever.
    """
    for attempt in range(TOGGLE_ATTEMPTS):
        stored = _social_get(record.PK, record.SK)
        want = (stored is None) if on is None else on
        if want == (stored is not None):
            return Toggled(want, _count_of(dwipp_id, counter, hidden_too))
        dwipp = Dwipp(dwipp_id)
        transaction = _toggle_transaction(dwipp, record, stored, counter, want, hidden_too)
        try:
            transaction_commit(transaction)
        except TransactionRefused as refused:
            if refused.refused(dwipp):
                raise DwippNotFound(NOT_FOUND) from refused
            on = want
            time.sleep(random.uniform(0, 0.01 * (attempt + 1)))  # noqa: S311 (jitter)
            continue
        return Toggled(want, _count_of(dwipp_id, counter, hidden_too))
    stored = _social_get(record.PK, record.SK)
    return Toggled(stored is not None, _count_of(dwipp_id, counter, hidden_too))


def _toggle_transaction(dwipp, record, stored, counter, want: bool, hidden_too: bool):
    visible = Dwipp.hidden == False  # noqa: E712 (a DynamoDB condition)
    transaction = Transaction()
    transaction.update(
        dwipp,
        [counter.add(1 if want else -1)],
        condition=None if hidden_too else visible,
        check_version=False,
    )
    if want:
        transaction.create(record)
        if record.kind == VOTE:
            voter = user_pk.value(record.PK)
            work_record(transaction, upvote_notify, {"dwipp": dwipp.dwipp_id, "actor": voter})
    else:
        transaction.delete(stored, condition=Social.PK.exists(), check_version=False)
    return transaction


def _count_of(dwipp_id: str, counter, hidden_too: bool = False) -> int:
    dwipp = dwipp_get(dwipp_id)
    if dwipp is None or (dwipp.hidden and not hidden_too):
        raise DwippNotFound(NOT_FOUND)
    return int(getattr(dwipp, counter.attr_name))


def _social_get(pk: str, sk: str) -> Social | None:
    try:
        return Social.get(pk, sk, consistent_read=True)
    except Social.DoesNotExist:
        return None


# --- follows and timelines ---


def follow_set(*, follower: str, followee: str, on: bool, timeline_clean: bool = True) -> bool:
    """Follow (``on``) or unfollow; both users' counts move in the same transaction.

    An unfollow records, with it, the removal of the followee's dwipps from
    the follower's timeline (``timeline_unfollow_clean``) unless
    ``timeline_clean`` is False (account deletion, which takes the whole
    timeline, or the dwipps, anyway).
    """
    if follower == followee:
        raise SelfFollow(SELF_FOLLOW)
    for _ in range(TOGGLE_ATTEMPTS):
        stored = _social_get(user_pk(follower), following_sk(followee))
        if (stored is not None) == on:
            return on
        _profile_ensure(follower)
        _profile_ensure(followee)
        transaction = _follow_transaction(follower, followee, on)
        checks = []
        if on:  # neither blocks the other
            checks = [
                Social(user_pk(a), block_sk(b))
                for a, b in ((followee, follower), (follower, followee))
            ]
            for check in checks:
                transaction.check(check, Social.PK.does_not_exist())
        payload = {"follower": follower, "followee": followee}
        if not on and timeline_clean:
            work_record(transaction, timeline_unfollow_clean, payload)
        if on:
            work_record(transaction, follow_notify, payload)
        try:
            transaction_commit(transaction)
        except TransactionRefused as refused:
            if any(refused.refused(check) for check in checks):
                raise Blocked(BLOCKED) from refused
            continue  # the same follow changed meanwhile: read it again
        if on:
            _timeline_backfill(follower, followee)
        return on
    return (_social_get(user_pk(follower), following_sk(followee)) is not None) == on


def block_set(*, blocker: str, blocked: str, on: bool) -> bool:
    """Block (``on``) or unblock; a block ends the follows both ways (counts move with them).

    The block's two records go in one transaction; ending the follows is
    each its own (``follow_set``, which takes the blocked one's dwipps out
    of the blocker's timeline in the background). Blocking again ends any
    follow a failed first attempt left, so the call is safe to repeat.
    """
    if blocker == blocked:
        raise SelfFollow(SELF_BLOCK)
    record = Social(user_pk(blocker), block_sk(blocked), kind=BLOCK)
    reverse = Social(user_pk(blocked), blocked_by_sk(blocker), kind=BLOCKED_BY)
    transaction = Transaction()
    if on:
        record.created = reverse.created = _now()
        transaction.create(record, reclaim=Social.PK.exists())
        transaction.create(reverse, reclaim=Social.PK.exists())
    else:
        transaction.delete(record, check_version=False)
        transaction.delete(reverse, check_version=False)
    transaction_commit(transaction)
    if on:
        follow_set(follower=blocker, followee=blocked, on=False)
        follow_set(follower=blocked, followee=blocker, on=False)
    return on


def _follow_transaction(follower: str, followee: str, on: bool) -> Transaction:
    step = 1 if on else -1
    following = Social(user_pk(follower), following_sk(followee), kind=FOLLOWING)
    reverse = Social(user_pk(followee), follower_sk(follower), kind=FOLLOWER)
    transaction = Transaction()
    if on:
        following.created = reverse.created = _now()
        transaction.create(following)
        transaction.create(reverse)
    else:
        transaction.delete(following, condition=Social.PK.exists(), check_version=False)
        transaction.delete(reverse, check_version=False)
    transaction.update(
        Social(user_pk(follower), PROFILE_SK), [Social.following.add(step)], check_version=False
    )
    transaction.update(
        Social(user_pk(followee), PROFILE_SK), [Social.followers.add(step)], check_version=False
    )
    return transaction


def _profile_ensure(user: str) -> None:
    """The record that holds a user's counts, made at their first follow."""
    profile = Social(user_pk(user), PROFILE_SK, kind=PROFILE, followers=0, following=0)
    with contextlib.suppress(ConditionFailed):
        item_create(profile)


def _timeline_entry(reader: str, dwipp_id: str, author: str) -> Social:
    expires = _now() + timedelta(days=settings.DWIPPER_TIMELINE_DAYS)
    return Social(
        timeline_pk(reader),
        dwipp_id,
        kind=TIMELINE,
        author=author,
        dwipp_ref=dwipp_id,
        expires=expires,
    )


def _timeline_backfill(follower: str, followee: str) -> None:
    """A new follow shows the followee's latest dwipps at once (BACKFILL of them: bounded)."""
    recent = Dwipp.by_author.query(followee, scan_index_forward=False, limit=BACKFILL)
    items_put_batch(_timeline_entry(follower, dwipp.dwipp_id, followee) for dwipp in recent)


# --- the background work of posts, deletions, hiding and unfollows ---
#
# Each is a task of apps/core/background/work.py: recorded in the transaction
# of the change, run from the work table's stream a piece at a time (at most
# ``work.limit`` items a piece, then it hands on the rest from a cursor). Each
# piece's writes are the same however often it runs (a timeline entry is keyed
# by reader and dwipp, a deletion of what is gone changes nothing), so a piece
# delivered twice leaves one entry per follower.


@background_task
def timelines_fan_out(work: Work) -> str | None:
    """Add a visible dwipp to its author's followers' timelines, ``work.limit`` of them a piece.

    The followers are read in key order from where the last piece stopped. A
    dwipp deleted or hidden meanwhile stops the fan-out (its own clean-up
    takes back what was added; pages skip it anyway).
    """
    dwipp = dwipp_get(work.payload["dwipp"])
    if dwipp is None or dwipp.hidden:
        return None
    author = work.payload["author"]
    page = _page_after(
        user_pk(author), work.cursor, work.limit, Social.SK.startswith(follower_sk.start)
    )
    readers = [follower_sk.value(record.SK) for record in page]
    items_put_batch(_timeline_entry(reader, dwipp.dwipp_id, author) for reader in readers)
    return _cursor_of(page, work.limit)


@background_task
def timelines_withdraw(work: Work) -> str | None:
    """Take a hidden dwipp out of every timeline it is in (index by_dwipp, a page a piece).

    The index also holds the dwipp's votes and favourites, which stay: the
    cursor is the page's last key (JSON), so each piece reads on past them.
    """
    dwipp = dwipp_get(work.payload["dwipp"])
    if dwipp is not None and not dwipp.hidden:
        return None  # shown again meanwhile: its fan-out puts it back
    start = json.loads(work.cursor) if work.cursor else None
    query = Social.by_dwipp.query(
        work.payload["dwipp"], limit=work.limit, page_size=work.limit, last_evaluated_key=start
    )
    found = list(query)
    items_delete_batch(Social(r.PK, r.SK) for r in found if r.PK.startswith(timeline_pk.start))
    following = query.last_evaluated_key if len(found) == work.limit else None
    return json.dumps(following) if following else None


@background_task
def dwipp_records_clean(work: Work) -> str | None:
    """Delete every record about deleted dwipps (index by_dwipp), then their reports.

    The cursor is the place in ``dwipps`` of the one to go on with. A piece
    queries that dwipp's records from the start each time: what it deleted has
    left the index. The index is eventually consistent, so a piece may see
    records it deleted; deleting them again changes nothing.
    """
    dwipps, budget = work.payload["dwipps"], work.limit
    for place in range(int(work.cursor or 0), len(dwipps)):
        records = list(Social.by_dwipp.query(dwipps[place], limit=budget))
        items_delete_batch(Social(r.PK, r.SK) for r in records)
        reports = list(Report.query(dwipps[place], consistent_read=True, limit=budget))
        items_delete_batch(reports)
        budget -= len(records) + len(reports) + 1  # a dwipp with nothing about it counts one
        if budget <= 0:
            return str(place)  # this one again: it may have more
    return None


@background_task
def timeline_unfollow_clean(work: Work) -> str | None:
    """Take the followee's dwipps out of the follower's timeline, a page of it a piece.

    The timeline is read in pages of ``work.limit`` entries, whoever wrote
    them, so a piece's reads are bounded too. A follow made again meanwhile
    stops it: the follow's backfill put entries back that must stay.
    """
    follower, followee = work.payload["follower"], work.payload["followee"]
    if _social_get(user_pk(follower), following_sk(followee)) is not None:
        return None
    page = _page_after(timeline_pk(follower), work.cursor, work.limit)
    items_delete_batch(record for record in page if record.author == followee)
    return _cursor_of(page, work.limit)


def _page_after(pk: str, after: str | None, limit: int, condition=None) -> list[Social]:
    """Up to ``limit`` records of partition ``pk`` (on ``condition``), after the SK ``after``."""
    start = None if after is None else {"PK": {"S": pk}, "SK": {"S": after}}
    query = Social.query(
        pk, condition, consistent_read=True, limit=limit, page_size=limit, last_evaluated_key=start
    )
    return list(query)


def _cursor_of(page: list[Social], limit: int) -> str | None:
    """Where the next piece goes on: after the page's last SK, unless the page was the last."""
    return page[-1].SK if len(page) == limit else None


# --- notifications (background tasks: their writes commit once, with the piece's hand-off) ---
#
# A notice is keyed by its source (apps/dwipper/models.py), so writing it again
# changes nothing; the recipient's unread count moves in ``work.transaction``,
# which commits at most once however often the stream delivers the piece. A
# recipient who turned the kind off, is the actor, or is gone gets nothing.


@background_task
def dwipp_notify(work: Work) -> None:
    """Tell the parent's author of a reply, and the people a dwipp names, of it.

    A named account closed by now may have been closed before the dwipp
    committed, and its deletion's Query of its mentions run before that too:
    such a mention is unlinked here (this runs after the commit), so that no
    mention of a deleted account keeps its link.
    """
    event = work.payload
    notices = {}
    for user in event["mentions"]:
        notices[user] = _notice(user, MENTION, event["dwipp"], event)
    parent = event.get("parent") and dwipp_get(event["parent"])
    if parent and parent.author:  # a reply that also names its parent's author is one notice
        notices[parent.author] = _notice(parent.author, REPLY, event["dwipp"], event)
    closed = _notices_write(work.transaction, list(notices.values()))
    for user in sorted(closed & set(event["mentions"])):
        _undo_together(user, (_mentioned_record(user, event["dwipp"]),))


@background_task
def upvote_notify(work: Work) -> None:
    """Tell a dwipp's author of an upvote: one notice per dwipp, the latest voter's."""
    dwipp = dwipp_get(work.payload["dwipp"])
    if dwipp is None or dwipp.author is None:
        return
    actor = work.payload["actor"]
    event = {"actor": actor, "actor_name": _name_of(actor)}
    _notices_write(work.transaction, [_notice(dwipp.author, UPVOTE, dwipp.dwipp_id, event)])


@background_task
def follow_notify(work: Work) -> None:
    follower, followee = work.payload["follower"], work.payload["followee"]
    if _social_get(user_pk(follower), following_sk(followee)) is None:
        return  # unfollowed meanwhile
    event = {"actor": follower, "actor_name": _name_of(follower)}
    _notices_write(work.transaction, [_notice(followee, FOLLOW, follower, event)])


def notice_settings_set(*, user: str, off: set[str]) -> None:
    """The kinds of notifications ``user`` does not want (any of NOTICE_KINDS)."""
    _profile_ensure(user)
    off = set(off) & set(NOTICE_KINDS)
    action = Social.notices_off.set(off) if off else Social.notices_off.remove()
    item_update(Social(user_pk(user), PROFILE_SK), [action], check_version=False)


def _notice(user: str, what: str, source: str, event: dict) -> Social:
    notice = Social(notice_pk(user), f"{what}#{source}", kind=NOTICE, what=what)
    notice.actor, notice.actor_name = event["actor"], event["actor_name"]
    notice.when, notice.created = new_id(), _now()
    notice.dwipp_ref = None if what == FOLLOW else source
    return notice


def _notices_write(transaction: Transaction, notices: list[Social]) -> set[str]:
    """Write the notices (all of one actor) whose recipients want them and do not block the
    actor, and move their unread counts: once per line on the page, so a notice written
    again (another upvote of the same dwipp) counts only when it was seen since.

    Returns the recipients who are no open account (closed or gone), told nothing.
    """
    if not notices:
        return set()
    users = [notice_pk.value(n.PK) for n in notices]
    actor = notices[0].actor
    keys = [(user_pk(user), sk) for user in users for sk in (PROFILE_SK, block_sk(actor))]
    keys += [(n.PK, n.SK) for n in notices]  # the same notices, if written before
    found = {(r.PK, r.SK): r for r in Social.batch_get(keys, consistent_read=True)}
    seen = notices_seen_of(users)
    for user, notice in zip(users, notices, strict=True):
        profile = found.get((user_pk(user), PROFILE_SK))
        unwanted = profile is not None and notice.what in (profile.notices_off or ())
        blocks = (user_pk(user), block_sk(actor)) in found
        if user == actor or user not in seen or unwanted or blocks:
            continue
        transaction.create(notice, reclaim=Social.PK.exists())  # the same notice again: replaced
        before = found.get((notice.PK, notice.SK))
        if before is None or (seen[user] is not None and before.created <= seen[user]):
            notices_unread_add(transaction, user)  # else that line is unread already: no count
    return set(users) - set(seen)


def _name_of(user: str) -> str:
    person = user_get(username=user)
    return person.username if person else user


# --- reports ---


def report_create(*, reporter: str, dwipp_id: str, reason: str = "") -> bool:
    """Report a visible dwipp; False when this user had already reported it."""
    dwipp = dwipp_get(dwipp_id)
    if dwipp is None or dwipp.hidden:
        raise DwippNotFound(NOT_FOUND)
    report = Report(dwipp_id, reporter, reason=reason, created=_now())
    try:
        item_create(report)
    except ConditionFailed:
        return False
    return True


def report_dismiss(*, dwipp_id: str, reporter: str) -> None:
    """Delete a report (staff have read it); a report already gone is no error."""
    item_delete(Report(dwipp_id, reporter), check_version=False)


# --- account deletion (apps.accounts.services, run in pieces from the work table) ---


def user_data_delete(user, limit: int) -> bool:
    """Remove up to ``limit`` things of ``user`` from Dwipper; True when nothing is left.

    In order: their dwipps (tombstones; the records about them, notices of
    them among them, go in the background), their upvotes and favourites
    (each taken back, so the counters move), their follows in both directions
    (the others' counts move, the "follows you" notices go), others' mentions
    of them (their name leaves each dwipp's ``mentions``: plain text from then
    on), their timeline, notifications, reports and post keys, and last their
    counts.
    Every step is a Query on a key or index that starts from the beginning:
    what an earlier call did is gone from it, so calling again goes on.
    """
    key = username_key(user.username)
    budget = limit
    steps = (_own_dwipps_delete, _own_records_undo, _timeline_delete, _notices_delete)
    for step in (*steps, _reports_delete):
        done = step(key, budget)
        budget -= done
        if budget <= 0:
            return False
    item_delete(Social(user_pk(key), PROFILE_SK), check_version=False)
    return True


def _own_dwipps_delete(key: str, limit: int) -> int:
    """Tombstone the user's dwipps, read whole (a reply's parent loses it from its count)."""
    found = [d.dwipp_id for d in Dwipp.by_author.query(key, limit=limit)]
    for chunk in itertools.batched(found, TOMBSTONES_TOGETHER, strict=False):
        dwipps = [d for d in Dwipp.batch_get(chunk, consistent_read=True) if not d.deleted]
        if not dwipps:
            continue
        try:
            _dwipps_tombstone(key, dwipps)
        except TransactionRefused:  # one is a tombstone the index still shows
            for dwipp in dwipps:
                with contextlib.suppress(DwippNotFound):
                    dwipp_delete(author=key, dwipp_id=dwipp.dwipp_id)
    return len(found)


def _own_records_undo(key: str, limit: int) -> int:
    """The user's marks, follows and mentions, taken back a transaction of several at a time."""
    found = list(Social.query(user_pk(key), consistent_read=True, limit=limit, page_size=limit))
    records = [r for r in found if r.SK != PROFILE_SK]  # the counts go last
    for kind, group in itertools.groupby(records, key=lambda r: r.kind):
        # One kind a transaction: a vote and a favourite of one dwipp never meet in one.
        size = TRANSACTION_WRITES // UNDO_WRITES.get(kind, 1)
        for chunk in itertools.batched(group, size, strict=False):
            _undo_together(key, chunk)
    return len(found)


def _undo_together(user: str, records: tuple[Social, ...]) -> None:
    """Undo ``records`` (all of one kind) in one transaction; one by one if it is refused."""
    transaction = Transaction()
    for record in records:
        _undo_add(transaction, user, record)
    try:
        transaction_commit(transaction)
    except TransactionRefused:
        for record in records:  # one changed meanwhile, or its dwipp is gone
            single = Transaction()
            _undo_add(single, user, record)
            try:
                transaction_commit(single)
            except TransactionRefused:
                item_delete(record, check_version=False)


def _undo_add(transaction: Transaction, user: str, record: Social) -> None:
    """Delete ``record`` and undo what goes with it: the count it added (on a dwipp, or on
    the other user), the other side of a block, the link of a dwipp's mention."""
    transaction.delete(record, condition=Social.PK.exists(), check_version=False)
    counted = {
        VOTE: lambda: (Dwipp(vote_sk.value(record.SK)), Dwipp.upvotes),
        FAVOURITE: lambda: (Dwipp(favourite_sk.value(record.SK)), Dwipp.favourites),
        FOLLOWING: lambda: (
            Social(user_pk(following_sk.value(record.SK)), PROFILE_SK),
            Social.followers,
        ),
        FOLLOWER: lambda: (
            Social(user_pk(follower_sk.value(record.SK)), PROFILE_SK),
            Social.following,
        ),
    }.get(record.kind)
    if record.kind in (BLOCK, BLOCKED_BY):
        other = (block_sk if record.kind == BLOCK else blocked_by_sk).value(record.SK)
        mirror = blocked_by_sk(user) if record.kind == BLOCK else block_sk(user)
        transaction.delete(Social(user_pk(other), mirror), check_version=False)
        return
    if record.kind == MENTIONED:  # refused when the dwipp is gone: then the record just goes
        linking = Dwipp(mentioned_sk.value(record.SK))
        transaction.update(linking, [Dwipp.mentions.delete({user})], check_version=False)
        return
    if counted is None:
        return  # a post key: nothing counts it
    item, counter = counted()
    transaction.update(item, [counter.add(-1)], check_version=False)
    if record.kind == FOLLOWING:
        followee = following_sk.value(record.SK)
        transaction.delete(Social(user_pk(followee), follower_sk(user)), check_version=False)
        told = Social(notice_pk(followee), f"{FOLLOW}#{user}")  # "<user> follows you"
        transaction.delete(told, check_version=False)
    elif record.kind == FOLLOWER:
        reverse = Social(user_pk(follower_sk.value(record.SK)), following_sk(user))
        transaction.delete(reverse, check_version=False)


def _timeline_delete(key: str, limit: int) -> int:
    found = list(Social.query(timeline_pk(key), consistent_read=True, limit=limit, page_size=limit))
    items_delete_batch(found)
    return len(found)


def _notices_delete(key: str, limit: int) -> int:
    found = list(Social.query(notice_pk(key), consistent_read=True, limit=limit, page_size=limit))
    items_delete_batch(found)
    return len(found)


def _reports_delete(key: str, limit: int) -> int:
    found = list(Report.by_reporter.query(key, limit=limit))
    items_delete_batch(Report(report.dwipp_id, key) for report in found)
    return len(found)
