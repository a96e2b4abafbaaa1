"""Reading dwipps, a viewer's votes and favourites, timelines and profiles.

Every list page is read in rounds (see the requests per page in
apps/dwipper/models.py): a Query on an index or partition for the next keys,
then one BatchGetItem of those dwipps and one of the viewer's records about
them. Rows whose dwipp is gone or hidden (or, in the following feed, whose
author is no longer followed) are skipped and the next round reads on, so a
page stays full. ``viewer`` and ``author`` are username keys. The ``before``
and ``after`` cursors are signed for their list (and, for a list of the
viewer's own, for the viewer): any other is BadCursor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings

from apps.core.dynamodb.cursors import cursor_dump, cursor_load
from apps.dwipper.keys import (
    ID,
    PROFILE_SK,
    block_sk,
    favourite_sk,
    following_sk,
    notice_pk,
    tag_pk,
    timeline_pk,
    user_pk,
    vote_sk,
)
from apps.dwipper.models import FEED_ALL, Dwipp, Report, Social

READ_ROUNDS = 4
UPVOTED = "upvote#"  # an upvote notice's SK: upvote#<dwipp id> (services._notice)


@dataclass
class Entry:
    """A dwipp as one viewer sees it."""

    dwipp: Dwipp
    upvoted: bool = False
    favourite: bool = False


@dataclass
class Page:
    entries: list[Entry]
    newer: str | None = None  # ?after= for the newer page
    older: str | None = None  # ?before= for the older page
    along: dict[str, Entry] = field(default_factory=dict)  # read with it (_page's ``along``)


@dataclass
class Row:
    position: str  # the sort key the cursor names
    dwipp_id: str
    author: str | None = None


# A source gives the next rows after ``position`` (None: from the newest or
# oldest end), in page order, at most ``limit`` of them.
Source = Callable[[str | None, bool, int], list[Row]]


def dwipp_get(dwipp_id: str) -> Dwipp | None:
    """The dwipp, hidden or not; None when there is none or only its tombstone."""
    if not ID.fullmatch(dwipp_id):
        return None
    try:
        dwipp = Dwipp.get(dwipp_id, consistent_read=True)
    except Dwipp.DoesNotExist:
        return None
    return None if dwipp.deleted else dwipp


def dwipp_visible_get(dwipp_id: str) -> Dwipp | None:
    dwipp = dwipp_get(dwipp_id)
    return None if dwipp is None or dwipp.hidden else dwipp


def report_get(*, dwipp_id: str, reporter: str) -> Report | None:
    """The user's report of the dwipp, if they made one (one GetItem by key)."""
    try:
        return Report.get(dwipp_id, reporter, consistent_read=True)
    except Report.DoesNotExist:
        return None


def dwipp_of_author(*, author: str, dwipp_id: str) -> Dwipp | None:
    """The author's own dwipp (hidden or not); None for anybody else's."""
    dwipp = dwipp_get(dwipp_id)
    return dwipp if dwipp is not None and dwipp.author == author else None


@dataclass
class Thread:
    """A dwipp's page: the dwipp, the one it answers, and a page of its replies.

    ``dwipp`` and ``parent`` may be hidden or tombstones: the page shows a
    placeholder where they were, and the replies under it.
    """

    dwipp: Entry
    parent: Entry | None
    replies: Page


def thread_page(
    *, dwipp_id: str, viewer: str | None, before: str | None = None, after: str | None = None
) -> Thread | None:
    """A dwipp with its replies, oldest first; None when there is none to show.

    A hidden or deleted dwipp is shown (as a placeholder) only when it has
    replies. Requests: GetItem the dwipp, then one round of the replies'
    list (Query ``by_parent``, and the two BatchGetItems that also read the
    dwipp and its parent with the viewer's marks), whatever the thread's size.
    The ``before`` cursor names the later replies, ``after`` the earlier ones.
    """
    if not ID.fullmatch(dwipp_id):
        return None
    try:
        dwipp = Dwipp.get(dwipp_id, consistent_read=True)
    except Dwipp.DoesNotExist:
        return None
    if dwipp.hidden and not dwipp.replies:  # a tombstone is hidden too
        return None
    along = (dwipp_id, dwipp.parent) if dwipp.parent else (dwipp_id,)

    def source(position, forward, limit):
        return _replies_source(dwipp_id, position, forward, limit)

    scope = f"dwipper.thread:{dwipp_id}"
    replies = _page(source, viewer, before, after, scope=scope, include_hidden=True, along=along)
    shown = replies.along.get(dwipp_id) or Entry(dwipp)
    parent = replies.along.get(dwipp.parent) if dwipp.parent else None
    return Thread(dwipp=shown, parent=parent, replies=replies)


def feed_page(*, viewer: str | None, before: str | None = None, after: str | None = None) -> Page:
    return _page(_feed_source, viewer, before, after, scope="dwipper.feed")


def author_page(
    *,
    author: str,
    viewer: str | None,
    before: str | None = None,
    after: str | None = None,
    include_hidden: bool = False,
) -> Page:
    def source(position, forward, limit):
        return _author_source(author, position, forward, limit)

    if include_hidden:  # the author's own list ("Mine"), hidden dwipps too
        mine = {"scope": "dwipper.mine", "owner": author, "include_hidden": True}
        return _page(source, viewer, before, after, **mine)
    return _page(source, viewer, before, after, scope=f"dwipper.author:{author}")


def tag_page(*, tag: str, viewer: str | None, before: str | None = None, after: str | None = None):
    """The visible dwipps that carry ``tag`` (a tag key), newest first."""

    def source(position, forward, limit):
        return _tag_source(tag, position, forward, limit)

    return _page(source, viewer, before, after, scope=f"dwipper.tag:{tag}")


def following_page(*, viewer: str, before: str | None = None, after: str | None = None) -> Page:
    def source(position, forward, limit):
        return _timeline_source(viewer, position, forward, limit)

    return _page(
        source, viewer, before, after, scope="dwipper.following", owner=viewer, followed_only=True
    )


def favourites_page(*, viewer: str, before: str | None = None, after: str | None = None) -> Page:
    def source(position, forward, limit):
        return _favourites_source(viewer, position, forward, limit)

    return _page(source, viewer, before, after, scope="dwipper.favourites", owner=viewer)


@dataclass
class ProfileState:
    followers: int = 0
    following: int = 0
    followed_by_viewer: bool = False
    blocked_by_viewer: bool = False


def profile_state(*, author: str, viewer: str | None) -> ProfileState:
    """An author's follower and following counts, whether the viewer follows or blocks them."""
    keys = [(user_pk(author), PROFILE_SK)]
    if viewer is not None and viewer != author:
        keys += [(user_pk(viewer), following_sk(author)), (user_pk(viewer), block_sk(author))]
    found = {(r.PK, r.SK): r for r in Social.batch_get(keys, consistent_read=True)}
    counts = found.get(keys[0])
    state = ProfileState(
        followed_by_viewer=len(keys) > 1 and keys[1] in found,
        blocked_by_viewer=len(keys) > 1 and keys[2] in found,
    )
    if counts is not None:
        state.followers, state.following = int(counts.followers or 0), int(counts.following or 0)
    return state


@dataclass
class Notice:
    """One notification as its page shows it."""

    what: str  # reply, mention, follow, upvote
    actor_name: str
    created: object
    dwipp: Dwipp | None = None  # the reply, the dwipp that mentions, the upvoted one
    own_vote: bool = False  # the reader upvotes their own dwipp too

    @property
    def others(self) -> int:
        """For an upvote: how many besides the latest voter (and the reader) upvote it now."""
        if self.dwipp is None:
            return 0
        return max(int(self.dwipp.upvotes) - 1 - self.own_vote, 0)


@dataclass
class NoticePage:
    notices: list[Notice]
    older: str | None = None
    off: set[str] = field(default_factory=set)  # the kinds the user turned off


def notices_page(*, user: str, before: str | None = None) -> NoticePage:
    """The user's notifications, newest first, a page of DWIPPER_PAGE_SIZE.

    Requests: Query ``by_when`` on ``N#<user>`` (keys), BatchGetItem the
    notices (and the user's profile record, for their settings, and their
    own votes of the upvoted dwipps, so "and N others" leaves them out),
    BatchGetItem the dwipps they are about: 3 whatever the user has.
    A notice whose dwipp is gone or hidden is left out (its clean-up follows).
    """
    scope = "dwipper.notices"
    older_than = cursor_load(before, scope=scope, viewer=user, valid=_is_position)
    size = settings.DWIPPER_PAGE_SIZE
    keys = Social.by_when.query(
        notice_pk(user),
        None if older_than is None else Social.when < older_than,
        scan_index_forward=False,
        consistent_read=True,
        limit=size + 1,
        page_size=size + 1,
    )
    keys = [(r.PK, r.SK) for r in keys]
    profile = (user_pk(user), PROFILE_SK)
    upvoted = [sk.removeprefix(UPVOTED) for _, sk in keys[:size] if sk.startswith(UPVOTED)]
    votes = [(user_pk(user), vote_sk(dwipp_id)) for dwipp_id in upvoted]  # the reader's own
    read = Social.batch_get([*keys[:size], profile, *votes], consistent_read=True)
    stored = {(r.PK, r.SK): r for r in read}
    records = [stored[key] for key in keys[:size] if key in stored]
    ids = sorted({r.dwipp_ref for r in records if r.dwipp_ref})
    dwipps = {d.dwipp_id: d for d in Dwipp.batch_get(ids, consistent_read=True)} if ids else {}
    notices = []
    for record in records:
        dwipp = dwipps.get(record.dwipp_ref) if record.dwipp_ref else None
        if record.dwipp_ref and (dwipp is None or dwipp.hidden):
            continue
        own = (user_pk(user), vote_sk(record.dwipp_ref or "")) in stored
        notices.append(Notice(record.what, record.actor_name, record.created, dwipp, own))
    older = None
    if len(keys) > size and records:
        older = cursor_dump(records[-1].when, scope=scope, viewer=user)
    off = set(stored[profile].notices_off or ()) if profile in stored else set()
    return NoticePage(notices, older, off)


# --- pages, read in rounds ---


def _page(
    source: Source,
    viewer: str | None,
    before: str | None,
    after: str | None,
    *,
    scope: str,
    owner: str | None = None,
    include_hidden: bool = False,
    followed_only: bool = False,
    along: tuple[str, ...] = (),
) -> Page:
    """``scope`` and ``owner``: the list the cursors are signed for (see cursor_load).

    ``along``: dwipp ids read in the first round's requests too, tombstones
    and hidden ones included, with the viewer's marks (``Page.along``).
    """
    older_than, newer_than = (
        cursor_load(cursor, scope=scope, viewer=owner, valid=_is_position)
        for cursor in (before, after)
    )
    size = settings.DWIPPER_PAGE_SIZE
    forward = newer_than is not None
    position = newer_than if forward else older_than
    kept, more, extra = _rounds(
        source, viewer, position, forward, size, include_hidden, followed_only, along
    )
    if forward and not more:
        # Nothing newer beyond these: the newest page, whole.
        return _page(
            source,
            viewer,
            None,
            None,
            scope=scope,
            owner=owner,
            include_hidden=include_hidden,
            followed_only=followed_only,
            along=along,
        )
    if forward:
        kept.reverse()
    page = Page(entries=[entry for _, entry in kept], along=extra)
    if kept and (forward or older_than is not None):
        page.newer = cursor_dump(kept[0][0], scope=scope, viewer=owner)
    if kept and (forward or more):
        page.older = cursor_dump(kept[-1][0], scope=scope, viewer=owner)
    return page


def _is_position(value) -> bool:
    """Every list's sort key is a dwipp id, or made like one (a favourite's ``when``)."""
    return isinstance(value, str) and ID.fullmatch(value) is not None


def _rounds(source, viewer, position, forward, size, include_hidden, followed_only, along):
    kept: list[tuple[str, Entry]] = []
    extra: dict[str, Entry] = {}
    for _ in range(READ_ROUNDS):
        limit = size + 1 - len(kept)
        rows = source(position, forward, limit)
        kept += _round_entries(rows, viewer, include_hidden, followed_only, along, extra)
        along = ()
        if len(rows) < limit or len(kept) > size:
            break
        position = rows[-1].position
    return kept[:size], len(kept) > size, extra


def _round_entries(rows: list[Row], viewer, include_hidden, followed_only, along=(), extra=None):
    """The rows' entries that are shown; the dwipps of ``along`` go whole into ``extra``."""
    if not rows and not along:
        return []
    ids = list(dict.fromkeys([row.dwipp_id for row in rows] + list(along)))
    dwipps = {d.dwipp_id: d for d in Dwipp.batch_get(ids, consistent_read=True)}
    authors = {d.author for d in dwipps.values() if d.author}
    marks = _viewer_marks(viewer, rows + [Row(i, i) for i in along], followed_only, authors)
    for dwipp_id in along:
        if dwipp_id in dwipps:
            extra[dwipp_id] = _entry(dwipps[dwipp_id], marks)
    entries = []
    for row in rows:
        dwipp = dwipps.get(row.dwipp_id)
        if dwipp is None or dwipp.deleted or (dwipp.hidden and not include_hidden):
            continue
        if followed_only and following_sk(dwipp.author) not in marks:
            continue
        if block_sk(dwipp.author) in marks:  # the viewer blocks its author
            continue
        entries.append((row.position, _entry(dwipp, marks)))
    return entries


def _entry(dwipp: Dwipp, marks: set[str]) -> Entry:
    return Entry(dwipp, vote_sk(dwipp.dwipp_id) in marks, favourite_sk(dwipp.dwipp_id) in marks)


def _viewer_marks(
    viewer: str | None, rows: list[Row], followed_only: bool, authors: set[str] = frozenset()
) -> set[str]:
    """The SKs of the viewer's votes and favourites of these dwipps, blocks of their
    ``authors`` (and follows of the rows' authors)."""
    if viewer is None:
        return set()
    sks = {vote_sk(row.dwipp_id) for row in rows} | {favourite_sk(row.dwipp_id) for row in rows}
    sks |= {block_sk(author) for author in authors if author != viewer}
    if followed_only:
        sks |= {following_sk(row.author) for row in rows if row.author}
    keys = [(user_pk(viewer), sk) for sk in sorted(sks)]
    return {record.SK for record in Social.batch_get(keys, consistent_read=True)}


def _range(attribute, position, forward):
    if position is None:
        return None
    return attribute > position if forward else attribute < position


def _feed_source(position, forward, limit) -> list[Row]:
    query = Dwipp.feed_index.query(
        FEED_ALL,
        _range(Dwipp.dwipp_id, position, forward),
        scan_index_forward=forward,
        limit=limit,
        page_size=limit,
    )
    return [Row(d.dwipp_id, d.dwipp_id) for d in query]


def _tag_source(tag, position, forward, limit) -> list[Row]:
    query = Social.query(
        tag_pk(tag),
        _range(Social.SK, position, forward),
        scan_index_forward=forward,
        consistent_read=True,
        limit=limit,
        page_size=limit,
    )
    return [Row(r.SK, r.SK) for r in query]


def _replies_source(parent, position, forward, limit) -> list[Row]:
    """Replies oldest first: the list's usual way (``forward`` False) is up the index."""
    query = Dwipp.by_parent.query(
        parent,
        _range(Dwipp.dwipp_id, position, not forward),
        scan_index_forward=not forward,
        limit=limit,
        page_size=limit,
    )
    return [Row(d.dwipp_id, d.dwipp_id) for d in query]


def _author_source(author, position, forward, limit) -> list[Row]:
    query = Dwipp.by_author.query(
        author,
        _range(Dwipp.dwipp_id, position, forward),
        scan_index_forward=forward,
        limit=limit,
        page_size=limit,
    )
    return [Row(d.dwipp_id, d.dwipp_id) for d in query]


def _timeline_source(viewer, position, forward, limit) -> list[Row]:
    query = Social.query(
        timeline_pk(viewer),
        _range(Social.SK, position, forward),
        scan_index_forward=forward,
        consistent_read=True,
        limit=limit,
        page_size=limit,
    )
    return [Row(r.SK, r.SK, r.author) for r in query]


def _favourites_source(viewer, position, forward, limit) -> list[Row]:
    query = Social.by_when.query(
        user_pk(viewer),
        _range(Social.when, position, forward),
        scan_index_forward=forward,
        consistent_read=True,
        limit=limit,
        page_size=limit,
    )
    return [Row(r.when, favourite_sk.value(r.SK)) for r in query]
