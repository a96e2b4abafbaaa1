"""Writing dwipps, votes, favourites, follows and reports, through the write layer.

Counters move in the same transaction as the record they count (a vote, a
favourite, a follow), on the condition that the record was absent (or
present): so a count is always the number of records, whatever runs
concurrently, never negative and never counted twice. ``author``, ``user``,
``follower`` and ``followee`` are username keys.
"""

from __future__ import annotations

import contextlib
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings

from apps.accounts.selectors import username_key
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
    PROFILE_SK,
    favourite_sk,
    follower_sk,
    following_sk,
    new_id,
    timeline_pk,
    user_pk,
    vote_sk,
)
from apps.dwipper.models import (
    FAVOURITE,
    FEED_ALL,
    FOLLOWER,
    FOLLOWING,
    PROFILE,
    TIMELINE,
    VOTE,
    Dwipp,
    Report,
    Social,
)
from apps.dwipper.selectors import dwipp_get

NOT_FOUND = "No such dwipp."
NOT_YOURS = "No such dwipp of yours."
SELF_FOLLOW = "You cannot follow yourself."
TOGGLE_ATTEMPTS = 10
BACKFILL = 20  # a new follow brings this many of the followee's latest dwipps


class DwippNotFound(Exception):
    """No such dwipp (or none the caller may change); the page answers 404."""


class SelfFollow(ValueError):
    pass


@dataclass
class Toggled:
    on: bool
    count: int


def _now() -> datetime:
    return datetime.now(UTC)


# --- dwipps ---


def dwipp_create(*, author: str, author_name: str, text: str) -> Dwipp:
    """Post a dwipp, then add it to the followers' timelines."""
    dwipp = Dwipp(new_id(), author=author, author_name=author_name, text=text, feed=FEED_ALL)
    dwipp.created = _now()
    item_create(dwipp)
    _timelines_add(dwipp.dwipp_id, author, _followers_of(author))
    return dwipp


def dwipp_edit(*, author: str, dwipp_id: str, text: str) -> Dwipp:
    dwipp = Dwipp(dwipp_id)
    try:
        item_update(
            dwipp,
            [Dwipp.text.set(text), Dwipp.edited.set(_now())],
            condition=Dwipp.author == author,
            check_version=False,
        )
    except ConditionFailed as error:
        raise DwippNotFound(NOT_YOURS) from error
    return dwipp


def dwipp_delete(*, author: str | None, dwipp_id: str) -> None:
    """Delete the author's dwipp (any dwipp when ``author`` is None: staff), then clean up.

    The dwipp itself goes in one write: from then on every page skips the
    records that still point at it. The clean-up of those records (votes,
    favourites, timeline entries, reports) follows; if it fails half-way,
    nothing shows the leftovers, and user_data_delete or a later delete
    of the same records finishes it.
    """
    condition = Dwipp.dwipp_id.exists() if author is None else Dwipp.author == author
    try:
        item_delete(Dwipp(dwipp_id), condition=condition, check_version=False)
    except ConditionFailed as error:
        raise DwippNotFound(NOT_YOURS if author else NOT_FOUND) from error
    dwipp_records_clean(dwipp_id)


def dwipp_records_clean(dwipp_id: str) -> None:
    """Delete every record about a deleted dwipp (index by_dwipp) and its reports."""
    records = list(Social.by_dwipp.query(dwipp_id))
    reports = list(Report.query(dwipp_id, consistent_read=True))
    items_delete_batch([*records, *reports])


def dwipp_hide(dwipp_id: str, hidden: bool) -> None:
    """Hide a dwipp from every feed and profile (moderation), or show it again."""
    feed = Dwipp.feed.remove() if hidden else Dwipp.feed.set(FEED_ALL)
    try:
        item_update(Dwipp(dwipp_id), [Dwipp.hidden.set(hidden), feed], check_version=False)
    except ConditionFailed as error:
        raise DwippNotFound(NOT_FOUND) from error


# --- upvotes and favourites ---


def upvote_toggle(
    *, user: str, dwipp_id: str, on: bool | None = None, hidden_too: bool = False
) -> Toggled:
    """Upvote, or take the upvote back (``on`` None: whichever it is not).

    A hidden dwipp is not found, unless ``hidden_too`` (account deletion takes
    marks back from hidden dwipps too, so their counts stay exact).
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


def follow_set(*, follower: str, followee: str, on: bool) -> bool:
    """Follow (``on``) or unfollow; both users' counts move in the same transaction."""
    if follower == followee:
        raise SelfFollow(SELF_FOLLOW)
    for _ in range(TOGGLE_ATTEMPTS):
        stored = _social_get(user_pk(follower), following_sk(followee))
        if (stored is not None) == on:
            return on
        _profile_ensure(follower)
        _profile_ensure(followee)
        try:
            transaction_commit(_follow_transaction(follower, followee, on))
        except TransactionRefused:
            continue  # the same follow changed meanwhile: read it again
        if on:
            _timeline_backfill(follower, followee)
        return on
    return (_social_get(user_pk(follower), following_sk(followee)) is not None) == on


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


def _followers_of(author: str) -> list[str]:
    query = Social.query(
        user_pk(author), Social.SK.startswith(follower_sk.start), consistent_read=True
    )
    return [follower_sk.value(record.SK) for record in query]


def _timelines_add(dwipp_id: str, author: str, readers: list[str]) -> None:
    """Fan-out on write: one timeline record per reader (BatchWriteItem, 25 a request)."""
    expires = _now() + timedelta(days=settings.DWIPPER_TIMELINE_DAYS)
    items_put_batch(
        Social(
            timeline_pk(reader),
            dwipp_id,
            kind=TIMELINE,
            author=author,
            dwipp_ref=dwipp_id,
            expires=expires,
        )
        for reader in readers
    )


def _timeline_backfill(follower: str, followee: str) -> None:
    """A new follow shows the followee's latest dwipps at once."""
    recent = Dwipp.by_author.query(followee, scan_index_forward=False, limit=BACKFILL)
    expires = _now() + timedelta(days=settings.DWIPPER_TIMELINE_DAYS)
    items_put_batch(
        Social(
            timeline_pk(follower),
            dwipp.dwipp_id,
            kind=TIMELINE,
            author=followee,
            dwipp_ref=dwipp.dwipp_id,
            expires=expires,
        )
        for dwipp in recent
    )


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


# --- account deletion (apps.accounts.services.account_delete) ---


def user_data_delete(user) -> None:
    """Remove everything of ``user`` from Dwipper; counts of others stay exact.

    Their dwipps (with every record about them), their upvotes and favourites
    (each taken back, so the counters move), their follows in both directions
    (both sides' counts move), their timeline and reports. Every step is a
    Query on a key or index; running it again finds nothing left to do.
    """
    key = username_key(user.username)
    for dwipp in Dwipp.by_author.query(key):
        with contextlib.suppress(DwippNotFound):
            dwipp_delete(author=key, dwipp_id=dwipp.dwipp_id)
    for record in Social.query(user_pk(key), consistent_read=True):
        _record_undo(key, record)
    items_delete_batch(Social.query(timeline_pk(key), consistent_read=True))
    for report in Report.by_reporter.query(key):
        item_delete(Report(report.dwipp_id, key), check_version=False)
    item_delete(Social(user_pk(key), PROFILE_SK), check_version=False)


def _record_undo(user: str, record: Social) -> None:
    if record.kind in (VOTE, FAVOURITE):
        toggle, sk = (
            (upvote_toggle, vote_sk) if record.kind == VOTE else (favourite_toggle, favourite_sk)
        )
        try:
            toggle(user=user, dwipp_id=sk.value(record.SK), on=False, hidden_too=True)
        except DwippNotFound:  # the dwipp is gone: the record alone goes
            item_delete(record, check_version=False)
    elif record.kind == FOLLOWING:
        follow_set(follower=user, followee=following_sk.value(record.SK), on=False)
    elif record.kind == FOLLOWER:
        follow_set(follower=follower_sk.value(record.SK), followee=user, on=False)
