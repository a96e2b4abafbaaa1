"""Notifications: replies, mentions, new followers and upvotes (grouped per dwipp), written by
the background path once however often the stream delivers; the header's unread count costs no
request; opening the page marks them read; each kind can be turned off."""

import html
import re
from collections import Counter

from apps.accounts.selectors import user_get
from apps.accounts.services import account_delete
from apps.core.background.consumer import batch_handle
from apps.core.background.models import WorkPiece
from apps.dwipper.models import Social
from apps.dwipper.services import dwipp_create, follow_set, upvote_toggle
from tests.dwipper.conftest import post_as
from tests.support.accounts import account_create
from tests.support.background import stream_records
from tests.support.dynamodb_calls import dynamodb_calls

BADGE = '<a class="header-badge" href="/dwipper/notifications/">Notifications'


def unread(username: str) -> int:
    return user_get(username=username).notices_unread


def page_text(client, url: str = "/dwipper/notifications/") -> str:
    """The page as a reader sees it: tags out, white space as single spaces."""
    response = client.get(url)
    assert response.status_code == 200
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(text)).replace(" .", ".").replace(" :", ":")


def crew(*names: str) -> None:
    for name in names:
        account_create(name, f"{name.lower()}@enterprise.example")


def test_replies_mentions_follows_and_upvotes_reach_picard_once_each(signed_in, riker, streams):
    crew("Worf", "Data")
    earlier = len(stream_records(WorkPiece))  # other tests' work, not to be replayed here
    mine = post_as("Picard", "Tea, Earl Grey, hot")
    dwipp_create(author="riker", author_name="Riker", text="Again?", parent=mine.dwipp_id)
    post_as("Worf", "@picard, the Klingon way is coffee")
    follow_set(follower="data", followee="picard", on=True)
    for voter in ("riker", "worf", "data"):
        upvote_toggle(user=voter, dwipp_id=mine.dwipp_id, on=True)
    upvote_toggle(user="picard", dwipp_id=mine.dwipp_id, on=True)  # one's own: no notice
    streams.drain()
    assert unread("Picard") == 4  # a reply, a mention, a follow, the upvotes' one line

    assert f'{BADGE} <span class="badge">4<' in signed_in.get("/dwipper/").content.decode()
    batch_handle(stream_records(WorkPiece)[earlier:])  # the stream delivers it all again
    assert unread("Picard") == 4
    page = page_text(signed_in)
    assert "Riker replied to your dwipp: Again?" in page
    assert "Worf mentioned you: @picard, the Klingon way is coffee" in page
    assert "Data follows you." in page
    assert "Data and 2 others upvoted Tea, Earl Grey, hot" in page  # not Picard's own
    assert page.index("Data and 2 others") < page.index("Data follows you.")
    assert "4 new since you last looked." in page
    assert unread("Picard") == 0
    assert '<span class="badge">' not in signed_in.get("/dwipper/").content.decode()
    notices = [r for r in Social.scan() if r.kind == "notice"]
    assert Counter(n.what for n in notices) == {"reply": 1, "mention": 1, "follow": 1, "upvote": 1}
    crew("Troi")
    upvote_toggle(user="troi", dwipp_id=mine.dwipp_id, on=True)  # the line, seen, comes back
    streams.drain()
    assert unread("Picard") == 1
    assert "Troi and 3 others upvoted" in page_text(signed_in)


def test_each_kind_can_be_turned_off_and_a_bad_setting_changes_nothing(signed_in, riker, streams):
    url = "/dwipper/notifications/settings"
    bad = signed_in.post(url, {"wanted": ["reply", "gossip"]})
    assert bad.status_code == 400
    assert "Select a valid choice. gossip is not one of the available choices." in html.unescape(
        bad.content.decode()
    )
    response = signed_in.post(url, {"wanted": ["reply", "mention", "follow"]})
    assert response["Location"] == "/dwipper/notifications/"
    page = signed_in.get("/dwipper/notifications/").content.decode()
    assert 'value="upvote" id="id_wanted_3">' in page
    assert 'value="reply" id="id_wanted_0" checked>' in page
    mine = post_as("Picard", "Vote for me")
    upvote_toggle(user="riker", dwipp_id=mine.dwipp_id, on=True)
    follow_set(follower="riker", followee="picard", on=True)
    streams.drain()
    assert unread("Picard") == 1
    assert [r.what for r in Social.scan() if r.kind == "notice"] == ["follow"]


def test_the_header_count_and_the_notifications_page_cost_no_more_for_200_notices(
    signed_in, riker, streams
):
    def feed_cost() -> int:
        with dynamodb_calls() as calls:
            assert signed_in.get("/dwipper/").status_code == 200
        return len(calls)

    def costs() -> tuple[int, Counter]:
        feed = feed_cost()  # with notifications unread: the header shows their count
        with dynamodb_calls() as calls:
            assert signed_in.get("/dwipper/notifications/").status_code == 200
        return feed, Counter(operation for operation, _ in calls)

    quiet = costs()
    for number in range(20):
        post_as("Riker", f"@Picard number {number}")
    streams.drain()
    small = costs()
    for number in range(180):
        post_as("Riker", f"@Picard more {number}")
    streams.drain()
    assert costs() == small
    assert small[0] == feed_cost() == 2 + 3  # the session, the user, 3 of the feed's own
    # The session and the user; a Query, the notices (and settings), their dwipps; marking read.
    expected = {"GetItem": 2, "Query": 1, "BatchGetItem": 2, "TransactWriteItems": 1}
    assert small[1] == expected
    assert sum(quiet[1].values()) == 2 + 2  # nothing to mark read, no dwipp to read
    assert "Scan" not in small[1]
    first = signed_in.get("/dwipper/notifications/").content.decode()
    older = first.split('href="?before=')[1].split('"')[0]
    assert "more 169" in page_text(signed_in, f"/dwipper/notifications/?before={older}")
    forged = page_text(signed_in, "/dwipper/notifications/?before=forged")
    assert "This page link is not valid" in forged


def test_deleting_an_account_takes_its_notifications_and_its_notices_to_others(
    signed_in, riker, streams
):
    mine = post_as("Riker", "Hello @Picard")
    follow_set(follower="riker", followee="picard", on=True)
    post_as("Picard", "Hello @Riker")
    streams.drain()
    assert unread("Riker") == 1
    account_delete(user_get(username="Riker"))
    streams.drain()
    assert [r for r in Social.scan() if r.kind == "notice"] == []
    assert "Riker" not in page_text(signed_in).split("Which notifications")[0].split("Profile")[1]
    assert mine.mentions == {"picard"}
