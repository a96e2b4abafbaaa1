"""Toggles and follows under concurrent requests: counts stay exact.

DynamoDB Local runs concurrent transactions one after the other and never
raises TransactionConflict; the write layer's retry of conflicts is tested in
tests/core/test_writes.py through the fault proxy.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest

from apps.dwipper.models import Social
from apps.dwipper.selectors import dwipp_get
from tests.dwipper.conftest import api_call, api_url, post_as
from tests.support.accounts import account_create

pytestmark = pytest.mark.slow

USERS = 50


def all_at_once(calls):
    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(lambda call: call(), calls))


def test_50_users_upvoting_at_once_make_50(client_factory, picard):
    dwipp = post_as("Picard", "Upvote me, everyone")
    names = [f"Crew{number}" for number in range(USERS)]
    for name in names:
        account_create(name, f"{name}@enterprise.example")
    clients = [client_factory(name) for name in names]
    url = api_url(dwipp.dwipp_id, "upvote")
    answers = all_at_once([lambda c=c: api_call(c, "POST", url, {"on": True}) for c in clients])
    assert {answer.status_code for answer in answers} == {200}
    assert dwipp_get(dwipp.dwipp_id).upvotes == USERS
    votes = [r for r in Social.scan() if r.kind == "vote"]
    assert len(votes) == USERS


def test_50_toggles_by_one_user_end_at_0_or_1_matching_the_vote(client_factory, picard):
    dwipp = post_as("Picard", "Make up your mind")
    clients = [client_factory("Picard") for _ in range(4)]
    for what in ("upvote", "favourite"):
        url = api_url(dwipp.dwipp_id, what)
        calls = [lambda n=n, u=url: api_call(clients[n % 4], "POST", u, {}) for n in range(USERS)]
        answers = all_at_once(calls)
        assert {answer.status_code for answer in answers} == {200}
        counts = [answer.json()["count"] for answer in answers]
        assert min(counts) >= 0
        stored = dwipp_get(dwipp.dwipp_id)
        count = stored.upvotes if what == "upvote" else stored.favourites
        marked = [r for r in Social.scan() if r.kind == ("vote" if what == "upvote" else what)]
        assert count == len(marked)
        assert count in (0, 1)


def test_20_people_following_at_once_make_20_followers(picard):
    from apps.dwipper.selectors import profile_state
    from apps.dwipper.services import follow_set

    names = [f"fan{number}" for number in range(20)]
    calls = [lambda n=n: follow_set(follower=n, followee="picard", on=True) for n in names]
    calls += [lambda n=n: follow_set(follower=n, followee="picard", on=True) for n in names]
    all_at_once(calls)
    assert profile_state(author="picard", viewer=None).followers == 20
    all_at_once([lambda n=n: follow_set(follower=n, followee="picard", on=False) for n in names])
    assert profile_state(author="picard", viewer=None).followers == 0
