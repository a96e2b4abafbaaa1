"""One DynamoDB budget per request: a hanging or throttling DynamoDB is answered within 3 s.

The production budget (DYNAMODB_REQUEST_BUDGET = 2 s, settings.py) is set here;
the rest of the suite runs with a generous one because DynamoDB Local on a
loaded test machine can be slow. The deadline only asks botocore for a read
timeout per attempt: these tests check that botocore kept to it, from the far
end of the wire. The fault proxy hangs every request and notes when each one
arrived and when the site gave up on it and closed the connection
(``hung_attempts``); each attempt's length is compared with the timeout the
deadline gave it, and the span from the first attempt to the last (retry
pauses included) with the budget. The test's own speed is never measured.
"""

import pytest
from django.conf import settings
from pynamodb.exceptions import GetError

from apps.accounts.records import UserRecord
from apps.core.dynamodb.connection import shared_connection
from tests.support.accounts import PASSWORD
from tests.support.fault_proxy import SLACK_SECONDS, hung, lengths, span

pytestmark = [pytest.mark.urls("tests.core.urls"), pytest.mark.slow]

# The read timeout of a client that would wait for nothing but its own: PynamoDB's.
CLIENT_READ_TIMEOUT = 30.0


@pytest.fixture
def production_budget(settings):
    settings.DYNAMODB_REQUEST_BUDGET = 2.0


@pytest.fixture
def patient_client(settings, monkeypatch):
    """A new shared botocore client whose own read timeout is 30 s: an attempt that
    outlived the timeout the deadline gave it would hang that long."""
    from apps.core.dynamodb import connection

    settings.DYNAMODB_READ_TIMEOUT = CLIENT_READ_TIMEOUT
    monkeypatch.setattr(connection, "_shared_connection", None)
    return connection.shared_connection().client


@pytest.fixture
def attempt_timeouts():
    """The read timeout the deadline gave each attempt sent to DynamoDB during the test."""
    timeouts = []

    def record(request, **kwargs):
        timeouts.append(request.context.get("read_timeout", settings.DYNAMODB_READ_TIMEOUT))

    events = shared_connection().client.meta.events
    events.register("before-send.dynamodb", record, unique_id="test-attempt-timeouts")
    yield timeouts
    events.unregister("before-send.dynamodb", unique_id="test-attempt-timeouts")


def test_botocore_cuts_each_attempt_at_the_timeout_the_deadline_gave_it(
    patient_client, client, dynamodb_proxy, settings, attempt_timeouts
):
    # Attempts of at most 0.3 s in a 3 s budget: room for two or three, the
    # last one shortened to what is left.
    settings.DYNAMODB_READ_TIMEOUT, settings.DYNAMODB_REQUEST_BUDGET = 0.3, 3.0
    with dynamodb_proxy.broken("hang"):
        response = client.get("/fail/reads-dynamodb")
    assert response.status_code == 503
    assert len(attempt_timeouts) >= 2
    observed = dynamodb_proxy.hung_attempts
    assert observed
    for seconds in lengths(observed):
        assert seconds <= max(attempt_timeouts) + SLACK_SECONDS < CLIENT_READ_TIMEOUT
    assert span(observed) <= settings.DYNAMODB_REQUEST_BUDGET + SLACK_SECONDS


def test_a_hanging_dynamodb_holds_a_page_no_longer_than_the_budget(
    client, dynamodb_proxy, production_budget, attempt_timeouts
):
    with dynamodb_proxy.broken("hang"):
        response = client.get("/fail/reads-dynamodb")
    assert response.status_code == 503
    assert 0 < sum(attempt_timeouts) <= settings.DYNAMODB_REQUEST_BUDGET
    assert span(hung(dynamodb_proxy)) <= settings.DYNAMODB_REQUEST_BUDGET + SLACK_SECONDS


def test_a_throttling_dynamodb_is_retried_only_within_the_budget(
    client, dynamodb_proxy, production_budget, attempt_timeouts
):
    with dynamodb_proxy.broken("throttle"):
        response = client.get("/fail/reads-dynamodb")
    assert response.status_code == 503
    assert 1 <= len(attempt_timeouts) <= 1 + settings.DYNAMODB_MAX_RETRIES
    assert all(timeout <= 2.0 for timeout in attempt_timeouts)


def test_outside_a_request_a_throttled_call_is_retried_as_botocore_would(
    dynamodb_proxy, attempt_timeouts
):
    # No request, no budget: botocore's standard policy alone decides, and botocore's
    # error (behind PynamoDB's) says the retries ran out, as when its own handler ran too.
    with dynamodb_proxy.broken("throttle"), pytest.raises(GetError) as raised:
        UserRecord.get("picard")
    assert len(attempt_timeouts) == 1 + settings.DYNAMODB_MAX_RETRIES
    botocore_error = raised.value.cause.__cause__
    assert f"(reached max retries: {settings.DYNAMODB_MAX_RETRIES})" in str(botocore_error)


def test_each_attempt_is_judged_by_one_retry_policy(picard):
    # The deadline's handler stands in for botocore's own: one evaluation an attempt.
    events, seen = shared_connection().client.meta.events, []
    events.register_last(
        "needs-retry.dynamodb", lambda **kwargs: seen.append(kwargs), unique_id="test-judged"
    )
    UserRecord.get("picard")
    events.unregister("needs-retry.dynamodb", unique_id="test-judged")
    (kwargs,) = seen
    answers = events.emit(kwargs.pop("event_name"), **kwargs)
    assert [answer for _, answer in answers] == [False]


def test_one_deadline_covers_every_call_of_a_request(
    signed_in, dynamodb_proxy, production_budget, attempt_timeouts
):
    # Shortening a link signed in reads the session and the user, counts the
    # rate limit and writes the link: four calls, one budget.
    signed_in.raise_request_exception = False
    with dynamodb_proxy.broken("hang"):
        response = signed_in.post("/shorten/", {"url": "https://example.com/"})
    assert response.status_code == 503
    assert 0 < sum(attempt_timeouts) <= settings.DYNAMODB_REQUEST_BUDGET
    assert span(hung(dynamodb_proxy)) <= settings.DYNAMODB_REQUEST_BUDGET + SLACK_SECONDS


def test_a_sign_in_against_a_hanging_dynamodb_answers_in_time(
    client, picard, dynamodb_proxy, production_budget, attempt_timeouts
):
    client.raise_request_exception = False
    with dynamodb_proxy.broken("hang"):
        response = client.post("/login/", {"username": "picard", "password": PASSWORD})
    assert response.status_code == 503
    assert 0 < sum(attempt_timeouts) <= settings.DYNAMODB_REQUEST_BUDGET
    assert span(hung(dynamodb_proxy)) <= settings.DYNAMODB_REQUEST_BUDGET + SLACK_SECONDS


def test_a_healthy_dynamodb_is_not_hurried(client, production_budget):
    assert client.get("/fail/reads-dynamodb").status_code == 200
