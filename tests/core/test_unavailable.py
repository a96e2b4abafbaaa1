"""When DynamoDB cannot answer, users get a 503 quickly and the site recovers by itself.

The site reaches DynamoDB Local through tests/support/fault_proxy.py; these
tests break that path (or stop a DynamoDB Local outright) and never patch the
code under test.
"""

import pytest
from django.test import override_settings

from tests.support.dynamodb import start_local_dynamodb, tables_create

pytestmark = pytest.mark.urls("tests.core.urls")


@pytest.mark.parametrize("fault", ["refuse", "throttle"])
def test_page_that_reads_dynamodb_answers_503_page(client, dynamodb_proxy, fault):
    with dynamodb_proxy.broken(fault):
        response = client.get("/fail/reads-dynamodb")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    content = response.content.decode()
    assert "Temporarily unavailable" in content
    assert "try again in a few seconds" in content
    assert 'class="nav"' in content


@pytest.mark.parametrize("fault", ["refuse", "throttle"])
def test_api_that_reads_dynamodb_answers_json_503(client, dynamodb_proxy, fault):
    with dynamodb_proxy.broken(fault):
        response = client.get("/api/fail/reads-dynamodb")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "try again" in response.json()["error"]


def test_health_check_reports_dynamodb(client, dynamodb_proxy):
    assert client.get("/healthz").json() == {"status": "ok", "dynamodb": "ok"}
    with dynamodb_proxy.broken("refuse"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "dynamodb": "unavailable"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_unavailability_is_logged_with_its_reason(client, dynamodb_proxy, caplog):
    with dynamodb_proxy.broken("throttle"):
        client.get("/fail/reads-dynamodb")
    [record] = [r for r in caplog.records if r.name == "apps.core.dynamodb"]
    assert "ProvisionedThroughputExceededException" in record.getMessage()
    assert "/fail/reads-dynamodb" in record.getMessage()


def test_a_hanging_dynamodb_is_given_up_on(client, dynamodb_proxy):
    # Bounded by the request's deadline (tests/core/test_deadline.py).
    with dynamodb_proxy.broken("hang"):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_missing_table_is_503_and_says_what_to_run(client, caplog):
    from apps.core.models import CacheEntry

    CacheEntry.delete_table(wait=True)
    try:
        response = client.get("/fail/reads-dynamodb")
    finally:
        tables_create()
    assert response.status_code == 503
    assert "dynamodb_tables create" in caplog.text


@pytest.mark.slow
def test_site_recovers_when_a_stopped_dynamodb_local_restarts(client, dynamodb_proxy, tmp_path):
    own = start_local_dynamodb(data_dir=tmp_path)
    try:
        dynamodb_proxy.set_upstream(own.port)
        tables_create()
        assert client.get("/fail/reads-dynamodb").status_code == 200

        own.stop()
        assert client.get("/fail/reads-dynamodb").status_code == 503
        assert client.get("/healthz").status_code == 503

        own = start_local_dynamodb(data_dir=tmp_path, port=own.port)
        assert client.get("/fail/reads-dynamodb").status_code == 200
        assert client.get("/healthz").status_code == 200
    finally:
        own.stop()


def test_a_bug_is_still_a_500_not_a_503(client):
    client.raise_request_exception = False
    assert client.get("/fail/broken").status_code == 500


@override_settings(DEBUG=True)
def test_503_even_with_debug_on(client, dynamodb_proxy):
    with dynamodb_proxy.broken("refuse"):
        assert client.get("/fail/reads-dynamodb").status_code == 503


@pytest.mark.parametrize("fault", ["hang", "refuse", "throttle"])
def test_a_conditional_write_that_gets_no_answer_is_503_not_500(client, dynamodb_proxy, fault):
    # Every sign-up starts with the rate limit's conditional put (cache.add).
    client.raise_request_exception = False
    with override_settings(DYNAMODB_REQUEST_BUDGET=2), dynamodb_proxy.broken(fault):
        response = client.post("/signup/", {"username": "Data"})
    assert response.status_code == 503


def test_a_value_dynamodb_cannot_store_is_a_400_page(client):
    client.raise_request_exception = False
    response = client.get("/fail/stores-a-huge-number")
    assert response.status_code == 400
    assert "cannot store" in response.content.decode()


def test_a_value_dynamodb_cannot_store_is_a_json_400_under_api(client):
    client.raise_request_exception = False
    response = client.get("/api/fail/stores-a-huge-number")
    assert response.status_code == 400
    assert response.json() == {"error": "The request holds a value the site cannot store."}
