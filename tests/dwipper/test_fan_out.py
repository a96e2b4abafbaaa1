"""Fan-out in the background: a post answers at once, its followers' timelines follow in pieces.

The followers are written straight into the table (BatchWriteItem), as the
site would have left them; the piece size is lowered so that 1,000 followers
take several pieces, each handing on to the next.
"""

from apps.core.background.models import WorkPiece
from apps.core.dynamodb.writes import items_put_batch
from apps.dwipper.keys import follower_sk, following_sk, timeline_pk, user_pk
from apps.dwipper.models import FOLLOWER, FOLLOWING, PROFILE, TIMELINE, VOTE, Dwipp, Social
from apps.dwipper.services import dwipp_hide, follow_set, upvote_toggle
from tests.dwipper.test_pages import entries

FOLLOWERS = 1000
PIECE = 100


def followers_add(count: int) -> list[str]:
    """``count`` followers of Riker (Picard, signed in, among them), each following him."""
    names = ["picard", *(f"ensign{n:04d}" for n in range(count - 1))]
    items_put_batch(
        [
            *(Social(user_pk("riker"), follower_sk(name), kind=FOLLOWER) for name in names),
            *(Social(user_pk(name), following_sk("riker"), kind=FOLLOWING) for name in names),
            Social(user_pk("riker"), "P", kind=PROFILE, followers=count, following=0),
        ]
    )
    return names


def timelines_with(dwipp_id: str) -> list[str]:
    return [r.PK for r in Social.scan() if r.kind == TIMELINE and r.dwipp_ref == dwipp_id]


def riker_posts(riker_client, text: str, key: str = "0123456789abcdef0123456789abcdef"):
    return riker_client.post("/dwipper/post", {"text": text, "idempotency_key": key})


def test_a_post_reaches_a_thousand_followers_once_each_in_pieces(
    riker_client, signed_in, streams, settings
):
    settings.BACKGROUND_PIECE_SIZE = PIECE
    names = followers_add(FOLLOWERS)
    assert riker_posts(riker_client, "Engage the fans")["Location"] == "/dwipper/"
    [dwipp] = Dwipp.scan()
    assert "Engage the fans" in riker_client.get("/dwipper/mine/").content.decode()
    assert timelines_with(dwipp.dwipp_id) == []  # nothing yet: the request only recorded it

    streams.drain(timeout=300)
    reached = timelines_with(dwipp.dwipp_id)
    assert sorted(reached) == sorted(timeline_pk(name) for name in names)  # each exactly once
    pieces = list(WorkPiece.scan())
    assert len(pieces) == FOLLOWERS // PIECE + 1  # each handed on; the last found none left
    assert [p for p in pieces if p.pending] == []
    assert entries(signed_in.get("/dwipper/following/")) == ["Engage the fans"]

    delete = riker_client.post(f"/dwipper/d/{dwipp.dwipp_id}/delete")
    assert delete["Location"] == "/dwipper/mine/"
    streams.drain(timeout=300)
    assert timelines_with(dwipp.dwipp_id) == []
    [tombstone] = Dwipp.scan()
    assert (tombstone.dwipp_id, tombstone.text, tombstone.author) == (dwipp.dwipp_id, None, None)


def test_a_resent_post_form_makes_no_second_dwipp(riker_client, signed_in, streams):
    followers_add(2)
    form = riker_client.get("/dwipper/post").content.decode()
    assert 'name="idempotency_key"' in form
    for _ in range(2):
        assert riker_posts(riker_client, "Only once")["Location"] == "/dwipper/"
    assert riker_posts(riker_client, "Once more", key="f" * 32)["Location"] == "/dwipper/"
    assert sorted(d.text for d in Dwipp.scan()) == ["Once more", "Only once"]
    streams.drain()
    assert entries(signed_in.get("/dwipper/following/")) == ["Once more", "Only once"]


def test_an_unfollow_takes_the_authors_dwipps_out_of_the_timeline(riker_client, riker, streams):
    followers_add(2)
    riker_posts(riker_client, "Number One speaking")
    streams.drain()
    assert len(timelines_with(next(Dwipp.scan()).dwipp_id)) == 2
    follow_set(follower="picard", followee="riker", on=False)
    streams.drain()
    assert Social.count(timeline_pk("picard")) == 0
    assert Social.count(timeline_pk("ensign0000")) == 1


def test_hiding_takes_a_dwipp_out_of_every_timeline_in_pieces_past_its_votes(
    riker_client, streams, settings
):
    settings.BACKGROUND_PIECE_SIZE = 2
    followers_add(3)
    riker_posts(riker_client, "Borderline")
    [dwipp] = Dwipp.scan()
    for voter in ("worf", "data", "troi"):
        upvote_toggle(user=voter, dwipp_id=dwipp.dwipp_id, on=True)
    streams.drain()
    assert len(timelines_with(dwipp.dwipp_id)) == 3
    dwipp_hide(dwipp.dwipp_id, True)
    streams.drain()
    assert timelines_with(dwipp.dwipp_id) == []
    assert len([r for r in Social.scan() if r.kind == VOTE]) == 3  # the votes stay
    dwipp_hide(dwipp.dwipp_id, False)
    streams.drain()
    assert len(timelines_with(dwipp.dwipp_id)) == 3  # fanned out again
