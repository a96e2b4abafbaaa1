"""Replies: a dwipp's page shows the dwipp it answers and its replies, oldest first; counts
stay exact; deleting or hiding keeps the replies under a placeholder."""

import html
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from django.test import Client

from apps.accounts.selectors import user_get
from apps.accounts.services import account_delete
from apps.core.dynamodb.writes import items_put_batch
from apps.dwipper.keys import new_id
from apps.dwipper.models import FEED_ALL, Dwipp
from apps.dwipper.selectors import dwipp_get
from apps.dwipper.services import DwippNotFound, dwipp_create, dwipp_delete, dwipp_hide, follow_set
from tests.dwipper.conftest import post_as
from tests.support.accounts import account_create
from tests.support.dynamodb_calls import dynamodb_calls

KEY = "0123456789abcdef0123456789abcdef"


def reply_as(username: str, parent: str, text: str) -> Dwipp:
    return dwipp_create(author=username.lower(), author_name=username, text=text, parent=parent)


def page_of(client, dwipp_id: str, query: str = "") -> str:
    response = client.get(f"/dwipper/d/{dwipp_id}/{query}")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_a_reply_through_the_form_shows_under_its_dwipp_with_a_link_back(riker_client, signed_in):
    dwipp = post_as("Picard", "Tea, Earl Grey, hot")
    form = riker_client.get(f"/dwipper/d/{dwipp.dwipp_id}/reply")
    assert "Reply to Picard" in form.content.decode()
    response = riker_client.post(
        f"/dwipper/d/{dwipp.dwipp_id}/reply", {"text": "Again?", "idempotency_key": KEY}
    )
    assert response["Location"] == f"/dwipper/d/{dwipp.dwipp_id}/"
    riker_client.post(
        f"/dwipper/d/{dwipp.dwipp_id}/reply", {"text": "Again?", "idempotency_key": KEY}
    )  # the same form sent twice replies once
    thread = page_of(signed_in, dwipp.dwipp_id)
    assert "Your reply is out." not in thread
    assert thread.count("Again?") == 1
    assert "1 reply" in thread
    (reply,) = [d for d in Dwipp.scan() if d.parent]
    reply_page = page_of(signed_in, reply.dwipp_id)
    assert f'href="/dwipper/d/{dwipp.dwipp_id}/"' in reply_page
    assert "Tea, Earl Grey, hot" in reply_page  # the dwipp it answers, above it
    feed = html.unescape(signed_in.get("/dwipper/").content.decode())
    assert "in reply to a dwipp" in feed
    assert "1 reply" in feed


def test_a_bad_reply_is_refused_with_its_reason_and_writes_nothing(riker_client, client):
    dwipp = post_as("Picard", "Make it so")
    url = f"/dwipper/d/{dwipp.dwipp_id}/reply"
    empty = riker_client.post(url, {"text": "   "})
    assert empty.status_code == 400
    assert "a dwipp needs at least one character" in html.unescape(empty.content.decode())
    long = riker_client.post(url, {"text": "x" * 281})
    assert long.status_code == 400
    assert "at most 280 characters" in html.unescape(long.content.decode())
    assert (
        riker_client.post("/dwipper/d/00000000000000000000/reply", {"text": "Hi"}).status_code
        == 404
    )
    assert riker_client.post("/dwipper/d/not-an-id/reply", {"text": "Hi"}).status_code == 404
    assert riker_client.delete(url).status_code == 405
    assert client.post(url, {"text": "Hi"}).status_code == 302  # a visitor: to the sign-in page
    assert dwipp_get(dwipp.dwipp_id).replies == 0
    assert [d.dwipp_id for d in Dwipp.scan()] == [dwipp.dwipp_id]


def test_nobody_replies_to_a_hidden_or_deleted_dwipp(riker_client, picard):
    hidden, deleted = post_as("Picard", "Hide me"), post_as("Picard", "Delete me")
    dwipp_hide(hidden.dwipp_id, True)
    dwipp_delete(author="picard", dwipp_id=deleted.dwipp_id)
    for dwipp in (hidden, deleted):
        url = f"/dwipper/d/{dwipp.dwipp_id}/reply"
        assert riker_client.post(url, {"text": "Hello?"}).status_code == 404
        with pytest.raises(DwippNotFound):
            reply_as("Riker", dwipp.dwipp_id, "Hello?")
    assert Counter(bool(d.parent) for d in Dwipp.scan()) == Counter({False: 2})
    assert dwipp_get(hidden.dwipp_id).replies == 0


@pytest.mark.slow
def test_50_replies_at_once_make_a_count_of_50(picard):
    dwipp = post_as("Picard", "Discuss")
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda n: reply_as("Riker", dwipp.dwipp_id, f"Point {n}"), range(50)))
    assert dwipp_get(dwipp.dwipp_id).replies == 50
    assert len([d for d in Dwipp.scan() if d.parent == dwipp.dwipp_id]) == 50


def test_a_deleted_or_hidden_dwipp_keeps_its_replies_under_a_placeholder(signed_in, riker):
    texts = ("Gone thought", "Shaded thought", "Alone")
    deleted, hidden, alone = (post_as("Riker", text) for text in texts)
    for number, parent in enumerate((deleted, hidden)):
        reply_as("Picard", parent.dwipp_id, f"Answer {number}")
    dwipp_delete(author="riker", dwipp_id=deleted.dwipp_id)
    dwipp_delete(author="riker", dwipp_id=alone.dwipp_id)
    dwipp_hide(hidden.dwipp_id, True)

    gone = page_of(signed_in, deleted.dwipp_id)
    assert "This dwipp was deleted." in gone
    assert "Answer 0" in gone
    assert "Gone thought" not in gone
    shaded = page_of(signed_in, hidden.dwipp_id)
    assert "This dwipp was hidden by a moderator." in shaded
    assert "Answer 1" in shaded
    assert "Shaded thought" not in shaded
    assert signed_in.get(f"/dwipper/d/{alone.dwipp_id}/").status_code == 404  # nothing to keep
    (reply,) = [d for d in Dwipp.scan() if d.parent == deleted.dwipp_id]
    assert "This dwipp was deleted." in page_of(signed_in, reply.dwipp_id)


def test_deleting_or_hiding_a_reply_moves_its_parents_count_as_its_thread_shows(signed_in, riker):
    dwipp = post_as("Riker", "Thoughts?")
    first, second = (reply_as("Picard", dwipp.dwipp_id, text) for text in ("First", "Second"))
    dwipp_hide(second.dwipp_id, True)
    thread = page_of(signed_in, dwipp.dwipp_id)
    assert "2 replies" in thread
    assert "First" in thread
    assert "This dwipp was hidden by a moderator." in thread
    dwipp_delete(author="picard", dwipp_id=first.dwipp_id)
    assert dwipp_get(dwipp.dwipp_id).replies == 1
    thread = page_of(signed_in, dwipp.dwipp_id)
    assert "1 reply" in thread
    assert "First" not in thread


def test_the_thread_is_paged_oldest_first_at_the_same_requests_for_20_and_2000_replies(
    signed_in, riker
):
    client = Client()  # a visitor
    dwipp = post_as("Riker", "Count off")
    replies_write(dwipp.dwipp_id, 20)
    small, small_visitor = thread_cost(signed_in, dwipp), thread_cost(client, dwipp)
    first = page_of(signed_in, dwipp.dwipp_id)
    assert [f"Reply {n}<" in first for n in range(11)] == [True] * 10 + [False]
    assert first.index("Reply 0<") < first.index("Reply 9<")
    replies_write(dwipp.dwipp_id, 1980, start=20)
    assert thread_cost(signed_in, dwipp) == small
    assert thread_cost(client, dwipp) == small_visitor
    assert sum(small.values()) == 2 + 4  # S + GetItem, Query, two BatchGetItems
    assert sum(small_visitor.values()) == 3
    assert "Scan" not in small

    later = signed_in.get(f"/dwipper/d/{dwipp.dwipp_id}/").content.decode()
    cursor = later.split('href="?before=')[1].split('"')[0]
    second = page_of(signed_in, dwipp.dwipp_id, f"?before={cursor}")
    assert "Reply 10<" in second
    assert "Reply 9<" not in second
    assert "Earlier replies" in second
    assert "Later replies" in second
    bad = signed_in.get(f"/dwipper/d/{dwipp.dwipp_id}/?before=forged")
    assert bad.status_code == 200
    assert "This page link is not valid" in html.unescape(bad.content.decode())


def replies_write(parent: str, count: int, start: int = 0) -> None:
    """``count`` replies written straight to the table (the count moved to match)."""
    replies = []
    ids = sorted(new_id() for _ in range(count))  # one millisecond's ids sort at random
    for number, dwipp_id in enumerate(ids, start):
        reply = Dwipp(dwipp_id, author="picard", author_name="Picard", text=f"Reply {number}")
        reply.created, reply.parent, reply.feed = datetime.now(UTC), parent, FEED_ALL
        replies.append(reply)
    items_put_batch(replies)
    stored = dwipp_get(parent)
    stored.update(actions=[Dwipp.replies.add(count)])


def thread_cost(client, dwipp) -> Counter:
    with dynamodb_calls() as calls:
        response = client.get(f"/dwipper/d/{dwipp.dwipp_id}/")
    assert response.status_code == 200
    return Counter(operation for operation, _ in calls)


def test_a_reply_reaches_the_authors_followers_following_feed(signed_in, riker, streams):
    follow_set(follower="picard", followee="riker", on=True)
    dwipp = post_as("Picard", "Anyone?")
    reply_as("Riker", dwipp.dwipp_id, "Number One here")
    streams.drain()
    following = html.unescape(signed_in.get("/dwipper/following/").content.decode())
    assert "Number One here" in following
    assert "in reply to a dwipp" in following


def test_deleting_an_account_takes_its_replies_and_corrects_the_counts(picard, riker, streams):
    worf = account_create("Worf", "worf@enterprise.example")
    mine, theirs = post_as("Picard", "Mine"), post_as("Worf", "Theirs")
    for number in range(3):
        reply_as("Riker", theirs.dwipp_id, f"Riker {number}")
    reply_as("Riker", mine.dwipp_id, "Riker to Picard")
    own = reply_as("Riker", theirs.dwipp_id, "Riker again")
    reply_as("Riker", own.dwipp_id, "Riker to himself")
    reply_as("Worf", own.dwipp_id, "Worf to Riker")
    account_delete(user_get(username="Riker"))
    streams.drain()
    assert dwipp_get(theirs.dwipp_id).replies == 0
    assert dwipp_get(mine.dwipp_id).replies == 0
    assert [d.text for d in Dwipp.scan() if d.parent] == ["Worf to Riker"]
    assert Dwipp.get(own.dwipp_id).replies == 1  # the tombstone keeps Worf's reply
    assert worf is not None
