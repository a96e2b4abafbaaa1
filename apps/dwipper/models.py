"""Dwipper's tables: dwipps, the social records around them, and reports.

Three tables, one model each (the registry keeps one model per table, and the
admin lists a model): ``dwipps`` (Dwipp), ``dwipper`` (Social: votes,
favourites, follows, follower counts, timelines) and ``dwipp_reports`` (Report).
A transaction or a BatchGetItem may span them.

DynamoDB requests per page (``S`` = the session's and the signed-in user's
reads, 2 when signed in, 0 for a visitor), when no row has to be skipped:

- feed (``/dwipper/``, newer/older pages): S + Query ``feed`` + BatchGetItem
  of the dwipps + (signed in) BatchGetItem of the viewer's votes and
  favourites = S + 3 (visitor: 2);
- following feed: S + Query the timeline + BatchGetItem dwipps + BatchGetItem
  votes, favourites and the viewer's follows of the page's authors = S + 3;
- profile: S + GetItem user + Query ``by_author`` + BatchGetItem dwipps +
  BatchGetItem votes and favourites + BatchGetItem counts and follow state
  = S + 5 (visitor: 4);
- My dwipps: S + Query ``by_author`` + 2 BatchGetItem = S + 3;
- Favourites: S + Query ``by_when`` + BatchGetItem dwipps + BatchGetItem votes
  = S + 3;
- a tag's page: S + Query ``H#<tag>`` + 2 BatchGetItem = S + 3 (visitor: 2);
- notifications: S + Query ``by_when`` + BatchGetItem the notices +
  BatchGetItem their dwipps (+ UpdateItem of the user's unread count when it
  was not 0) = S + 3, or S + 4 the first time after new ones;
- a dwipp's page (its thread): S + GetItem the dwipp + Query ``by_parent``
  + BatchGetItem the replies and the dwipp it answers + BatchGetItem votes
  and favourites = S + 4 (visitor: 3).
A page of 10 reads 11 keys (the 11th says whether an older page exists). When
rows are skipped (deleted, hidden, unfollowed), the page reads on, in rounds of
a Query and its BatchGetItems, at most READ_ROUNDS rounds: so the number is
bounded whatever the table holds, and a page stays full unless more than that
many rounds were filtered out.
"""

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection, LocalSecondaryIndex

from apps.core.dynamodb.models import TableModel

FEED_ALL = "all"
BLOCK, BLOCKED_BY = "block", "blocked_by"
VOTE, FAVOURITE, FOLLOWING, FOLLOWER, PROFILE, TIMELINE, POSTED, TAG, NOTICE, MENTIONED = (
    "vote",
    "favourite",
    "following",
    "follower",
    "profile",
    "timeline",
    "posted",
    "tag",
    "notice",
    "mentioned",
)


class Feed(GlobalSecondaryIndex):
    """Every visible dwipp, newest first: ``feed`` = "all", ``dwipp_id`` sorts by time.

    Sparse: a hidden dwipp has no ``feed`` and drops out. Keys only, so that an
    upvote (which changes the counter on the dwipp) writes nothing to the index.

    Scale: every post writes the one partition "all" of this index; one
    partition takes about 1,000 writes/s, and a throttled index throttles posting
    itself. Past that, ``feed`` would be sharded ("all#0".."all#N-1", the shard
    from the id) and a page would Query every shard from the cursor and merge
    them (N Queries per page, run side by side), or the feed would become
    time buckets per shard; reads (3,000/s per partition) would get a cache of
    the first page for a second or two, which serves most visitors.
    """

    class Meta:
        index_name = "feed"
        projection = KeysOnlyProjection()

    feed = UnicodeAttribute(hash_key=True)
    dwipp_id = UnicodeAttribute(range_key=True)


class ByAuthor(GlobalSecondaryIndex):
    """One author's dwipps, newest first (profile, My dwipps, account deletion)."""

    class Meta:
        index_name = "by_author"
        projection = KeysOnlyProjection()

    author = UnicodeAttribute(hash_key=True)
    dwipp_id = UnicodeAttribute(range_key=True)


class ByParent(GlobalSecondaryIndex):
    """The replies to one dwipp, oldest first (its thread page).

    Sparse: only a live reply has ``parent``; its tombstone drops it, so a
    deleted reply leaves the thread and its parent's count together.
    """

    class Meta:
        index_name = "by_parent"
        projection = KeysOnlyProjection()

    parent = UnicodeAttribute(hash_key=True)
    dwipp_id = UnicodeAttribute(range_key=True)


class Dwipp(TableModel):
    """One dwipp.

    Access patterns: one dwipp by ``dwipp_id`` (GetItem: edit, delete, toggles;
    BatchGetItem: every list page after its Query on an index); the global feed
    (index ``feed``); an author's dwipps (index ``by_author``); the replies to a
    dwipp, oldest first (index ``by_parent``). Writes: create
    (create-if-absent), edit and delete on the condition that the caller is the
    ``author`` (so nobody else's id does anything), counters by ADD in the same
    transaction as the vote or favourite record they count.

    Deleting a dwipp leaves a tombstone (``deleted`` set, ``hidden`` true, no
    text, author, feed or parent: it drops out of every index and list page),
    which keeps its ``replies`` count: its page shows its replies under a
    placeholder. The records about it go in the background
    (apps/dwipper/services.py, ``dwipp_delete``).

    Scale: every reply to one dwipp ADDs to that one item and writes one
    partition of ``by_parent``: about 1,000 replies a second to a single dwipp
    before they throttle (a counter sharded over N items would lift that).
    """

    class Meta:
        logical_name = "dwipps"

    dwipp_id = UnicodeAttribute(hash_key=True)
    author = UnicodeAttribute(null=True)  # username key; none on a tombstone
    author_name = UnicodeAttribute(null=True)  # as the author spells it
    text = UnicodeAttribute(null=True)
    created = UTCDateTimeAttribute()
    edited = UTCDateTimeAttribute(null=True)
    upvotes = NumberAttribute(default=0)
    favourites = NumberAttribute(default=0)
    hidden = BooleanAttribute(default=False)
    feed = UnicodeAttribute(null=True)  # FEED_ALL unless hidden
    deleted = UTCDateTimeAttribute(null=True)  # a tombstone since then
    parent = UnicodeAttribute(null=True)  # the dwipp this one replies to; none on a tombstone
    replies = NumberAttribute(default=0)  # live replies (hidden ones too); a tombstone keeps it
    tags = UnicodeSetAttribute(null=True)  # keys of its #tags (apps/dwipper/text.py), each indexed
    # Username keys of the open accounts it @names, each with a ``mentioned`` record (Social).
    mentions = UnicodeSetAttribute(null=True)

    feed_index = Feed()
    by_author = ByAuthor()
    by_parent = ByParent()


class ByWhen(LocalSecondaryIndex):
    """A user's favourites in the order they were made: ``when`` = ``<ms id>#<dwipp id>``."""

    class Meta:
        index_name = "by_when"
        projection = KeysOnlyProjection()

    PK = UnicodeAttribute(hash_key=True)
    when = UnicodeAttribute(range_key=True)


class ByDwipp(GlobalSecondaryIndex):
    """Every record that points at one dwipp, to clean up after the dwipp is deleted."""

    class Meta:
        index_name = "by_dwipp"
        projection = KeysOnlyProjection()

    dwipp_ref = UnicodeAttribute(hash_key=True)


class Social(TableModel):
    """Votes, favourites, follows, follower counts and timelines, one record each.

    =========  ===============  ==================  =================================
    kind       PK               SK                  also
    =========  ===============  ==================  =================================
    vote       ``U#<u>``        ``V#<dwipp>``       dwipp_ref
    favourite  ``U#<u>``        ``F#<dwipp>``       dwipp_ref, when (index by_when)
    following  ``U#<u>``        ``O#<followee>``    (u follows followee)
    follower   ``U#<u>``        ``R#<follower>``    (the same follow, seen from u)
    block      ``U#<u>``        ``B#<blocked>``     (u blocks them)
    blocked_by ``U#<u>``        ``X#<blocker>``     (the same block, seen from u)
    profile    ``U#<u>``        ``P``               followers, following (counters)
    timeline   ``T#<u>``        ``<dwipp>``         author, dwipp_ref, expires (TTL)
    posted     ``U#<u>``        ``K#<key>``         posted, expires (TTL): a post form's
                                                    idempotency key and its dwipp
    tag        ``H#<tag>``      ``<dwipp>``         dwipp_ref: a dwipp that carries #tag
    mentioned  ``U#<u>``        ``M#<dwipp>``       dwipp_ref: a dwipp that @names u
    notice     ``N#<u>``        ``<what>#<source>`` what, actor, actor_name, when (index
                                                    by_when), dwipp_ref (not for follows)
    =========  ===============  ==================  =================================

    A notice's ``what`` is reply, mention, follow or upvote; its source the
    reply, the dwipp that mentions, the follower or the upvoted dwipp, so an
    event delivered twice writes one notice, and the upvotes of one dwipp are
    one notice (its ``when`` and ``actor`` the latest's). The profile record's
    ``notices_off`` lists the kinds its user turned off.

    Blocks are read by key in the BatchGetItems pages make anyway: a list
    page's marks read ``B#<author>`` for the page's authors (and skip their
    dwipps), a profile its block state, a notification its recipient's block
    of the actor; a follow checks both ways in its transaction.

    Access patterns: the viewer's state of a page's dwipps, a profile's counts
    and follow state: BatchGetItem by key; Favourites: Query index ``by_when``;
    the following feed: Query ``T#<u>``; a post's fan-out: Query ``U#<author>``
    ``begins_with(SK, "R#")``; everything of one user (account deletion): Query
    ``U#<u>``, ``T#<u>`` and ``N#<u>``; every record of a deleted dwipp (its
    notices among them): Query ``by_dwipp``; the notifications page: Query
    ``by_when`` on ``N#<u>`` newest first;
    a tag's page: Query ``H#<tag>`` newest first (then the BatchGetItems of any
    list page). A dwipp's tag records are written in the transaction that
    posts or edits it (at most MAX_TAGS, apps/dwipper/text.py), and go with
    its other records when it is deleted. Scale: one tag is one partition, so
    about 1,000 dwipps a second may carry the same tag.

    A dwipp's ``mentions`` (the users it links to) have a ``mentioned``
    record each in the named user's partition, written and removed in the
    same transactions as the set (post, edit), so that the user's account
    deletion finds every dwipp that links to them (the Query of ``U#<u>`` it
    makes anyway) and takes their name out of its ``mentions``: the mention
    turns into plain text, and showing a dwipp still reads nothing more.

    The following feed is fanned out on write, in the background: a post
    records the fan-out with the dwipp, and pieces of it add a timeline record
    for each follower (BatchWriteItem, 25 a request; apps/dwipper/services.py),
    so the page reads one partition whoever one follows; fan-out on read would cost a Query per
    followed person on every page view, and views outnumber posts. Timeline
    records expire (TTL) after DWIPPER_TIMELINE_DAYS; readers skip a dwipp
    that is gone or hidden and an author no longer followed, and read on.
    """

    class Meta:
        logical_name = "dwipper"

    PK = UnicodeAttribute(hash_key=True)
    SK = UnicodeAttribute(range_key=True)
    kind = UnicodeAttribute()
    dwipp_ref = UnicodeAttribute(null=True)
    when = UnicodeAttribute(null=True)
    author = UnicodeAttribute(null=True)
    followers = NumberAttribute(null=True)
    following = NumberAttribute(null=True)
    created = UTCDateTimeAttribute(null=True)
    posted = UnicodeAttribute(null=True)  # the dwipp a post form's key made
    what = UnicodeAttribute(null=True)  # a notice's kind
    actor = UnicodeAttribute(null=True)  # the username key of who did it
    actor_name = UnicodeAttribute(null=True)  # as they spell it
    notices_off = UnicodeSetAttribute(null=True)  # on a profile record
    expires = TTLAttribute(null=True)

    by_when = ByWhen()
    by_dwipp = ByDwipp()


class ByReporter(GlobalSecondaryIndex):
    """A user's reports (account deletion)."""

    class Meta:
        index_name = "by_reporter"
        projection = KeysOnlyProjection()

    reporter = UnicodeAttribute(hash_key=True)
    dwipp_id = UnicodeAttribute(range_key=True)


class Report(TableModel):
    """A signed-in user's report of a dwipp: one per user per dwipp (create-if-absent).

    Access patterns: the admin lists reports (paginated Scan, staff only); a
    dwipp's reports (Query ``dwipp_id``, when it is deleted); a user's reports
    (index ``by_reporter``, account deletion).
    """

    class Meta:
        logical_name = "dwipp_reports"

    dwipp_id = UnicodeAttribute(hash_key=True)
    reporter = UnicodeAttribute(range_key=True)  # username key
    reason = UnicodeAttribute(default="")
    created = UTCDateTimeAttribute()

    by_reporter = ByReporter()
