"""Demo dwipps for the demo users (DwipperConfig.demo_seed, run by ``manage.py seed_demo``).

Each new demo user posts a few dwipps; when another demo user is already
there (seeded earlier, in this run or before), the two follow each other and
upvote each other's dwipps, and the newcomer answers the other's first dwipp,
who answers back: so that the feeds, counts, the following feed and a thread
show something on the first ``make run``.
"""

from apps.accounts.selectors import user_get, username_key
from apps.core.apps import DemoRun
from apps.dwipper.models import Dwipp
from apps.dwipper.services import dwipp_create, favourite_toggle, follow_set, upvote_toggle

DWIPPS = {
    "picard": [
        "If a replicator can make tea, can it make a better replicator?",
        "Things are only impossible until they are not. Like a second cup of Earl Grey.",
        "The shower is the only place on the ship where nobody asks me for a decision.",
    ],
    "kirk": [
        "Is a no-win scenario just a win you have not thought of yet?",
        "Every planet we visit has the same rocks. Suspicious.",
    ],
}

# What each says to the other when they meet: a reply, and the answer to it.
REPLIES = {
    "picard": "Make it so. But first, tea.",
    "kirk": "A better replicator would make the tea itself, Jean-Luc.",
}


def demo_seed(run: DemoRun) -> list[str]:
    """Post the dwipps of the demo users this run creates and befriend the ones seeded before."""
    said, later = [], [username_key(name) for name in run.new_users]
    for name in run.new_users:
        user = later.pop(0)
        texts = DWIPPS.get(user, [])
        friends = [o for o in DWIPPS if o not in (user, *later) and user_get(username=o)]
        if not run.dry_run:
            _dwipps_post(user, texts)
            for friend in friends:
                _befriend(user, friend)
        befriended = f", follows, upvotes and talks with {' and '.join(friends)}" if friends else ""
        said.append(run.made(f"{len(texts)} dwipps{befriended}", name))
    return said


def _dwipps_post(user: str, texts: list[str]) -> None:
    name = user_get(username=user).username
    for text in texts:
        dwipp_create(author=user, author_name=name, text=text)


def _befriend(user: str, other: str) -> None:
    follow_set(follower=user, followee=other, on=True)
    follow_set(follower=other, followee=user, on=True)
    for dwipp in Dwipp.by_author.query(other):
        upvote_toggle(user=user, dwipp_id=dwipp.dwipp_id, on=True)
    for dwipp in Dwipp.by_author.query(user, limit=1):
        upvote_toggle(user=other, dwipp_id=dwipp.dwipp_id, on=True)
        favourite_toggle(user=other, dwipp_id=dwipp.dwipp_id, on=True)
    _converse(user, other)


def _converse(user: str, other: str) -> None:
    """``user`` answers ``other``'s first dwipp, and ``other`` answers back."""
    first = next(iter(Dwipp.by_author.query(other, limit=1)), None)
    if first is None or user not in REPLIES or other not in REPLIES:
        return
    names = {key: user_get(username=key).username for key in (user, other)}
    reply = dwipp_create(
        author=user, author_name=names[user], text=REPLIES[user], parent=first.dwipp_id
    )
    dwipp_create(author=other, author_name=names[other], text=REPLIES[other], parent=reply.dwipp_id)
