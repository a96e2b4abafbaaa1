"""What each page costs in DynamoDB requests: the same for 10 dwipps as for many, never a Scan.

The numbers are the ones apps/dwipper/models.py states (S = 2 for the signed-in
user's session and account).
"""

from collections import Counter

import pytest

from apps.dwipper.services import favourite_toggle, follow_set, upvote_toggle
from tests.dwipper.conftest import post_as
from tests.support.dynamodb_calls import dynamodb_calls

SIGNED_IN = 2  # GetItem of the session, GetItem of the user
PAGES = {
    # page: (signed-in requests beyond SIGNED_IN, or None for signed-in only; visitor requests)
    "/dwipper/": (3, 2),
    "/dwipper/u/Riker/": (5, 4),
    "/dwipper/following/": (3, None),
    "/dwipper/favourites/": (3, None),
    "/dwipper/mine/": (3, None),
}


def fill(count: int) -> None:
    """``count`` dwipps of Riker's and Picard's, all followed, upvoted and favourite."""
    follow_set(follower="picard", followee="riker", on=True)
    for number in range(count):
        author = "Riker" if number % 2 else "Picard"
        dwipp = post_as(author, f"Thought {number}")
        upvote_toggle(user="picard", dwipp_id=dwipp.dwipp_id, on=True)
        favourite_toggle(user="picard", dwipp_id=dwipp.dwipp_id, on=True)


def costs(client) -> dict[str, Counter]:
    found = {}
    for url in PAGES:
        with dynamodb_calls() as calls:
            response = client.get(url)
        assert response.status_code == 200, url
        found[url] = Counter(operation for operation, _ in calls)
    return found


@pytest.fixture
def visitor():
    from django.test import Client

    return Client()


def test_every_page_costs_the_same_few_requests_for_20_and_for_60_dwipps(
    signed_in, riker, visitor, streams
):
    fill(20)
    streams.drain()
    small, small_visitor = costs(signed_in), _visitor_costs(visitor)
    fill(40)
    streams.drain()
    assert costs(signed_in) == small
    assert _visitor_costs(visitor) == small_visitor
    for url, (signed_in, visitor) in PAGES.items():
        assert sum(small[url].values()) == SIGNED_IN + signed_in, (url, small[url])
        assert "Scan" not in small[url]
        if visitor is not None:
            assert sum(small_visitor[url].values()) == visitor, (url, small_visitor[url])


def _visitor_costs(client) -> dict[str, Counter]:
    found = {}
    for url in ("/dwipper/", "/dwipper/u/Riker/"):
        with dynamodb_calls() as calls:
            client.get(url)
        found[url] = Counter(operation for operation, _ in calls)
    return found


def test_the_feed_is_one_query_on_the_dwipps_table_then_two_batch_reads(signed_in):
    for number in range(15):
        post_as("Picard", f"Thought {number}")
    with dynamodb_calls() as calls:
        signed_in.get("/dwipper/")
    assert [op for op, _ in calls][SIGNED_IN:] == ["Query", "BatchGetItem", "BatchGetItem"]
    assert calls[SIGNED_IN][1].endswith("dwipps")
