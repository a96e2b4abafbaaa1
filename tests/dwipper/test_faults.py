"""DynamoDB failing under Dwipper: a 503, and nothing half-written."""

from apps.dwipper.models import Dwipp, Social
from apps.dwipper.selectors import dwipp_get
from tests.dwipper.conftest import api_call, api_url, post_as
from tests.support.dynamodb import item_count


def test_a_failed_upvote_or_follow_changes_neither_record_nor_count(
    signed_in, riker, dynamodb_proxy
):
    signed_in.raise_request_exception = False
    dwipp = post_as("Riker", "Fragile")
    with dynamodb_proxy.broken("throttle", operation="TransactWriteItems"):
        upvote = api_call(signed_in, "POST", api_url(dwipp.dwipp_id, "upvote"), {})
        assert upvote.status_code == 503
        assert signed_in.post("/dwipper/u/Riker/follow", {"state": "on"}).status_code == 503
    assert dwipp_get(dwipp.dwipp_id).upvotes == 0
    assert [r.kind for r in Social.scan()] == ["profile", "profile"]  # counts at 0, no follow


def test_a_lost_answer_to_an_upvote_is_counted_once(signed_in, riker, dynamodb_proxy):
    dwipp = post_as("Riker", "Count me once")
    with dynamodb_proxy.answers_lost(1, operation="TransactWriteItems"):
        response = api_call(signed_in, "POST", api_url(dwipp.dwipp_id, "upvote"), {})
    assert response.json() == {"on": True, "count": 1}
    assert dwipp_get(dwipp.dwipp_id).upvotes == 1


def test_a_post_when_dynamodb_is_down_is_a_503_that_stores_nothing(signed_in, dynamodb_proxy):
    signed_in.raise_request_exception = False
    with dynamodb_proxy.broken("throttle", operation="PutItem"):
        response = signed_in.post("/dwipper/post", {"text": "Lost in the shower"})
    assert response.status_code == 503
    assert item_count(Dwipp) == 0
