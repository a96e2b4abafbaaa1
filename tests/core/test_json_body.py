"""JSON bodies that are not JSON this site can store get a 400 and a reason, never a 500."""

import pytest

from apps.core.dynamodb.storable import TEXT_UNSTORABLE
from apps.core.http.json_body import JSON_INVALID, JSON_TOO_DEEP
from apps.shortener.models import Link
from tests.support.dynamodb import item_count

DEEP = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"url": ' + b"[" * 1000 + b"]" * 1000 + b"}"
LONE_SURROGATE = b'{"url": "https://example.com/\\ud800"}'
SURROGATE_IN_A_KEY = b'{"url": "https://example.com/", "\\udfff": 1}'


def shorten(client, body: bytes):
    return client.post("/shorten", body, content_type="application/json")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (DEEP, JSON_TOO_DEEP),
        (DEEP_OBJECT, JSON_TOO_DEEP),
        (LONE_SURROGATE, TEXT_UNSTORABLE),
        (SURROGATE_IN_A_KEY, TEXT_UNSTORABLE),
        (b'{"url": "https://example.com/', JSON_INVALID),
        (b"\xff\xfe", JSON_INVALID),
    ],
)
def test_the_shortener_api_refuses_unstorable_json_with_a_reason(client, body, message):
    response = shorten(client, body)
    assert response.status_code == 400
    assert response.json()["error"] == message
    assert item_count(Link) == 0


def test_a_valid_surrogate_pair_is_fine(client):
    response = shorten(client, b'{"url": "https://example.com/\\ud83d\\ude80"}')
    assert response.status_code == 201
    assert response.json()["url"] == "https://example.com/\U0001f680"


@pytest.mark.parametrize("body", [DEEP, LONE_SURROGATE.replace(b"url", b"signature")])
def test_the_billing_api_refuses_unstorable_json_with_400(client, body):
    response = client.post("/api/billing/verify", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["authentic"] is False
