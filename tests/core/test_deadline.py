"""One DynamoDB budget per request: a hanging or throttling DynamoDB is answered within 3 s.

The production budget (DYNAMODB_REQUEST_BUDGET = 2 s, settings.py) is set here;
the rest of the suite runs with a generous one because DynamoDB Local on a
loaded test machine can be slow. No clock is read: each attempt sent to
DynamoDB is recorded with the read timeout it was given, and against a hanging
DynamoDB every attempt waits out its timeout, so their sum is how long the
user waits. Three 2 s attempts per call used to make that 6 s or more.
"""

import pytest
from django.conf import settings

from apps.core.dynamodb.connection import shared_connection
from tests.support.accounts import PASSWORD

pytestmark = pytest.mark.urls("tests.core.urls")


@pytest.fixture
def production_budget(settings):
    settings.DYNAMODB_REQUEST_BUDGET = 2.0


@pytest.fixture
def attempt_timeouts():
    """The read timeout of every attempt sent to DynamoDB during the test."""
    timeouts = []

    def record(request, **kwargs):
        timeouts.append(request.context.get("read_timeout", settings.DYNAMODB_READ_TIMEOUT))

    events = shared_connection().client.meta.events
    events.register("before-send.dynamodb", record, unique_id="test-attempt-timeouts")
    yield timeouts
    events.unregister("before-send.dynamodb", unique_id="test-attempt-timeouts")


def test_a_hanging_dynamodb_holds_a_page_no_longer_than_the_budget(
    client, dynamodb_proxy, production_budget, attempt_timeouts
):
    with dynamodb_proxy.broken("hang"):
        response = client.get("/fail/reads-dynamodb")
    assert response.status_code == 503
    assert attempt_timeouts
    assert sum(attempt_timeouts) <= 2.0


def test_a_throttling_dynamodb_is_retried_only_within_the_budget(
    client, dynamodb_proxy, production_budget, attempt_timeouts
):
    with dynamodb_proxy.broken("throttle"):
        response = client.get("/fail/reads-dynamodb")
    assert response.status_code == 503
    assert 1 <= len(attempt_timeouts) <= 1 + settings.DYNAMODB_MAX_RETRIES
    assert all(timeout <= 2.0 for timeout in attempt_timeouts)


def test_one_deadline_covers_every_call_of_a_request(
    signed_in, dynamodb_proxy, production_budget, attempt_timeouts
):
    # Shortening a link signed in reads the session and the user, counts the
    # rate limit and writes the link: four calls, one budget.
    signed_in.raise_request_exception = False
    with dynamodb_proxy.broken("hang"):
        response = signed_in.post("/shorten/", {"url": "https://example.com/"})
    assert response.status_code == 503
    assert sum(attempt_timeouts) <= 2.0


def test_a_sign_in_against_a_hanging_dynamodb_answers_in_time(
    client, picard, dynamodb_proxy, production_budget, attempt_timeouts
):
    client.raise_request_exception = False
    with dynamodb_proxy.broken("hang"):
        response = client.post("/login/", {"username": "picard", "password": PASSWORD})
    assert response.status_code == 503
    assert sum(attempt_timeouts) <= 2.0


def test_a_healthy_dynamodb_is_not_hurried(client, production_budget):
    assert client.get("/fail/reads-dynamodb").status_code == 200
