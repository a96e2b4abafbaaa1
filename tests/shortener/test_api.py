"""POST /shorten and GET /<code>: the tutorial's contract, and every way to get it wrong."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from apps.shortener.models import Link
from tests.support.dynamodb import item_count

LONG_URL = "https://example.com/a/very/long/path"


def shorten(client, body, content_type="application/json", **extra):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post("/shorten", data, content_type=content_type, **extra)


def test_shorten_answers_201_with_the_tutorials_fields(client):
    response = shorten(client, {"url": LONG_URL})
    assert response.status_code == 201
    body = response.json()
    code = body["code"]
    assert body["short"] == f"/{code}"
    assert body["short_url"] == f"http://testserver/{code}"
    assert body["url"] == LONG_URL
    expires = datetime.fromisoformat(body["expires_at"])
    assert abs(expires - (datetime.now(UTC) + timedelta(days=90))) < timedelta(minutes=1)
    assert response["Location"] == body["short_url"]


def test_the_short_link_redirects_with_301(client):
    code = shorten(client, {"url": LONG_URL}).json()["code"]
    response = client.get(f"/{code}")
    assert response.status_code == 301
    assert response["Location"] == LONG_URL


def test_unknown_code_is_the_sites_404_page(client):
    response = client.get("/Zz9Zz9Z")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_api_is_also_under_api(client):
    response = client.post(
        "/api/links", json.dumps({"url": LONG_URL}), content_type="application/json"
    )
    assert response.status_code == 201


def test_alias_and_expiry_can_be_chosen(client):
    response = shorten(client, {"url": LONG_URL, "alias": "my-talk_2026", "expires_in_days": 1})
    assert response.status_code == 201
    body = response.json()
    assert body["short"] == "/my-talk_2026"
    expires = datetime.fromisoformat(body["expires_at"])
    assert abs(expires - (datetime.now(UTC) + timedelta(days=1))) < timedelta(minutes=1)
    assert client.get("/my-talk_2026")["Location"] == LONG_URL


def test_a_taken_alias_is_409_and_the_first_link_stays(client):
    shorten(client, {"url": LONG_URL, "alias": "taken"})
    response = shorten(client, {"url": "https://other.example/", "alias": "taken"})
    assert response.status_code == 409
    assert response.json() == {"error": "That alias is taken. Please choose another."}
    assert client.get("/taken")["Location"] == LONG_URL


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        ("{not json", "application/json", "The body is not valid JSON"),
        (json.dumps({"url": LONG_URL}), "text/plain", "Send a JSON object"),
        (json.dumps({"url": LONG_URL}), "application/x-www-form-urlencoded", "Send a JSON object"),
        (json.dumps([LONG_URL]), "application/json", "Send a JSON object"),
        (json.dumps("just a string"), "application/json", "Send a JSON object"),
        (b"\xff\xfe\x00binary", "application/json", "The body is not valid JSON"),
        (json.dumps({}), "application/json", "Enter the URL to shorten."),
        (
            json.dumps({"link": LONG_URL}),
            "application/json",
            "Unknown field: link. Known fields: url, alias, expires_in_days.",
        ),
        (json.dumps({"url": None}), "application/json", "Enter the URL to shorten."),
        (json.dumps({"url": ["x"]}), "application/json", "The field url must be a string."),
        (json.dumps({"url": 42}), "application/json", "The field url must be a string."),
        (
            json.dumps({"url": LONG_URL, "expires_in_days": {}}),
            "application/json",
            "a whole number",
        ),
        (
            json.dumps({"url": LONG_URL, "expires_in_days": True}),
            "application/json",
            "a whole number",
        ),
        (
            json.dumps({"url": LONG_URL, "expires_in_days": 1.5}),
            "application/json",
            "a whole number",
        ),
        (json.dumps({"url": LONG_URL, "expires_in_days": 0}), "application/json", "1 to 365 days"),
        (
            json.dumps({"url": LONG_URL, "expires_in_days": 366}),
            "application/json",
            "1 to 365 days",
        ),
        (
            json.dumps({"url": LONG_URL, "expires_in_days": "soon"}),
            "application/json",
            "whole number",
        ),
        (json.dumps({"url": LONG_URL, "alias": "a b"}), "application/json", "3 to 32 letters"),
        (json.dumps({"url": LONG_URL, "alias": "x" * 33}), "application/json", "at most 32"),
        (
            json.dumps({"url": LONG_URL, "alias": "healthz"}),
            "application/json",
            "address of this site",
        ),
        (
            json.dumps({"url": LONG_URL, "alias": "SHORTEN"}),
            "application/json",
            "address of this site",
        ),
    ],
)
def test_bad_requests_get_a_json_400_and_nothing_is_stored(client, body, content_type, message):
    response = shorten(client, body, content_type=content_type)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert message in response.json()["error"]
    assert item_count(Link) == 0


def test_a_body_over_djangos_upload_limit_is_a_json_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = shorten(client, {"url": "https://example.com/" + "a" * 20_000})
    assert response.status_code == 413
    assert response.json() == {"error": "The body is larger than 10,000 bytes."}
    assert item_count(Link) == 0


def test_get_on_the_api_is_a_json_405(client):
    response = client.get("/shorten")
    assert response.status_code == 405
    assert response.json() == {"error": "This address does not take GET; it takes POST."}
    assert response["Allow"] == "POST"


def test_json_without_a_csrf_token_is_accepted(client):
    from django.test import Client

    response = shorten(Client(enforce_csrf_checks=True), {"url": LONG_URL})
    assert response.status_code == 201


def test_the_openapi_texts_follow_the_settings(client, settings):
    from apps.core.http.openapi import openapi_document

    settings.SHORTENER_DEFAULT_DAYS = 30
    settings.SHORTENER_RATE_ANONYMOUS, settings.SHORTENER_RATE_SIGNED_IN = "5/h", "50/d"
    openapi_document.cache_clear()
    try:
        create = client.get("/api/openapi.json").json()["paths"]["/api/links"]["post"]
    finally:
        openapi_document.cache_clear()
    days = create["requestBody"]["content"]["application/json"]["schema"]["properties"][
        "expires_in_days"
    ]
    assert (days["default"], days["description"]) == (
        30,
        "Days until the link expires; absent or null: 30.",
    )
    assert create["description"] == (
        "Visitors may create 5 links an hour per address, signed-in users 50 links a day. "
        "With an API key the link is its owner's."
    )


def test_an_alias_whose_answer_was_lost_is_created_not_taken(client, dynamodb_proxy):
    from apps.shortener.models import Link

    with dynamodb_proxy.answers_lost(1, "PutItem", table=Link.Meta.table_name):
        response = client.post(
            "/api/links",
            {"url": "https://example.com/", "alias": "mine"},
            content_type="application/json",
        )
    assert response.status_code == 201
    assert Link.get("mine").url == "https://example.com/"
