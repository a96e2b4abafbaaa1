"""Demo dwipps for the demo users that ``manage.py seed_demo`` creates (AppConfig.demo_seed).

Each new demo user posts a few dwipps; when another demo user is already
there, the two follow each other and upvote each other's dwipps, so that the
feeds, counts and the following feed show something on the first ``make run``.
"""

from apps.accounts.selectors import user_get, username_key
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


def demo_seed(*, username: str) -> int:
    """Post the user's demo dwipps and befriend the other demo users; the number of dwipps."""
    user = username_key(username)
    name = user_get(username=username).username
    texts = DWIPPS.get(user, [])
    for text in texts:
        dwipp_create(author=user, author_name=name, text=text)
    for other in DWIPPS:
        if other != user and user_get(username=other) is not None:
            _befriend(user, other)
    return len(texts)


def _befriend(user: str, other: str) -> None:
    follow_set(follower=user, followee=other, on=True)
    follow_set(follower=other, followee=user, on=True)
    for dwipp in Dwipp.by_author.query(other):
        upvote_toggle(user=user, dwipp_id=dwipp.dwipp_id, on=True)
    for dwipp in Dwipp.by_author.query(user, limit=1):
        upvote_toggle(user=other, dwipp_id=dwipp.dwipp_id, on=True)
        favourite_toggle(user=other, dwipp_id=dwipp.dwipp_id, on=True)
