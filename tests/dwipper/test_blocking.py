"""Blocking: follows both ways end; the blocked user's dwipps leave the blocker's pages; their
replies, mentions and follows neither reach nor notify the blocker; they cannot follow again."""

import html

from apps.accounts.selectors import user_get
from apps.accounts.services import account_delete
from apps.dwipper.models import Social
from apps.dwipper.selectors import profile_state
from apps.dwipper.services import block_set, dwipp_create, follow_set
from tests.dwipper.conftest import post_as


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_a_block_ends_the_follows_and_hides_the_blocked_users_dwipps(
    signed_in, riker, riker_client, streams
):
    follow_set(follower="picard", followee="riker", on=True)
    follow_set(follower="riker", followee="picard", on=True)
    mine = post_as("Picard", "Ready room")
    post_as("Riker", "Beard thoughts")
    streams.drain()
    assert "Beard thoughts" in text(signed_in, "/dwipper/following/")

    response = signed_in.post("/dwipper/u/Riker/block")
    assert response["Location"] == "/dwipper/u/Riker/"
    assert "You block Riker" in text(signed_in, "/dwipper/u/Riker/")
    streams.drain()
    for who in ("picard", "riker"):
        assert profile_state(author=who, viewer=None).followers == 0
        assert profile_state(author=who, viewer=None).following == 0
    for url in ("/dwipper/", "/dwipper/following/"):
        assert "Beard thoughts" not in text(signed_in, url), url
    assert "Beard thoughts" in text(riker_client, "/dwipper/")  # others still see them

    refused = riker_client.post("/dwipper/u/Picard/follow", {"state": "on"}, follow=True)
    assert "You cannot follow Picard: one of you blocks the other." in text_of(refused)
    assert profile_state(author="picard", viewer=None).followers == 0
    dwipp_create(author="riker", author_name="Riker", text="Reply to you", parent=mine.dwipp_id)
    post_as("Riker", "Hey @Picard")
    streams.drain()
    assert "Reply to you" not in text(signed_in, f"/dwipper/d/{mine.dwipp_id}/")
    assert [r.what for r in Social.scan() if r.PK == "N#picard"] == ["follow"]  # from before
    assert user_get(username="Picard").notices_unread == 1

    signed_in.post("/dwipper/u/Riker/block", {"state": "off"})
    assert "Beard thoughts" in text(signed_in, "/dwipper/")
    assert "Reply to you" in text(signed_in, f"/dwipper/d/{mine.dwipp_id}/")
    assert riker_client.post("/dwipper/u/Picard/follow", {"state": "on"}).status_code == 302
    assert profile_state(author="picard", viewer=None).followers == 1


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def test_blocking_oneself_or_nobody_is_refused_and_writes_nothing(signed_in, client):
    response = signed_in.post("/dwipper/u/Picard/block", follow=True)
    assert "You cannot block yourself." in text_of(response)
    assert signed_in.post("/dwipper/u/Nobody/block").status_code == 404
    assert signed_in.get("/dwipper/u/Picard/block").status_code == 405
    assert client.post("/dwipper/u/Picard/block").status_code == 302  # to the sign-in page
    assert [r for r in Social.scan() if r.kind in ("block", "blocked_by")] == []


def test_deleting_an_account_takes_its_blocks_both_ways(signed_in, riker, streams):
    block_set(blocker="picard", blocked="riker", on=True)
    account_create_worf()
    block_set(blocker="worf", blocked="riker", on=True)
    account_delete(user_get(username="Riker"))
    streams.drain()
    assert [r for r in Social.scan() if r.kind in ("block", "blocked_by")] == []


def account_create_worf():
    from tests.support.accounts import account_create

    return account_create("Worf", "worf@enterprise.example")
