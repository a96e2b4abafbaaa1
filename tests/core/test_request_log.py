"""Every request ends in one JSON log line an operator can query (apps/core/http/request_log.py)."""

import json
import logging

import pytest

from apps.core.http.request_log import cold_start_next
from apps.shortener.services import link_create


@pytest.fixture
def request_lines(caplog):
    """The JSON lines the request logger writes during the test."""
    logger = logging.getLogger("apps.core.requests")
    logger.addHandler(caplog.handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(r.getMessage()) for r in caplog.records if r.name == logger.name]
    logger.setLevel(level)
    logger.removeHandler(caplog.handler)


def test_a_redirect_logs_its_route_status_and_what_dynamodb_it_used(client, request_lines):
    link = link_create(url="https://example.com/logged")
    response = client.get(f"/{link.code}")
    assert response.status_code == 301
    [line] = request_lines()
    assert line["method"] == "GET"
    assert line["route"] == "shortener:redirect"
    assert line["status"] == 301
    assert line["dynamodb_calls"] == 2  # the link, and one click counter
    assert line["read_units"] > 0
    assert line["write_units"] > 0
    assert isinstance(line["duration_ms"], float)
    assert link.code not in json.dumps(line)


def test_a_path_carrying_a_secret_logs_only_its_routes_name(client, request_lines):
    client.get("/account/password/reset/MQ/set-password-token-secret/")
    [line] = request_lines()
    assert "set-password-token-secret" not in json.dumps(line)


def test_the_first_request_of_an_environment_is_marked_cold(client, request_lines):
    cold_start_next()
    client.get("/")
    client.get("/")
    assert [line["cold_start"] for line in request_lines()] == [True, False]


def test_a_request_dynamodb_could_not_serve_is_logged_with_its_503(
    client, request_lines, dynamodb_proxy
):
    dynamodb_proxy.set_mode("refuse")
    response = client.get("/healthz")
    assert response.status_code == 503
    [line] = request_lines()
    assert line["status"] == 503
    assert line["route"] == "core:healthz"
