"""JSON bodies that are not JSON this site accepts get a 4xx and a reason, never a 500.

Each of the JSON door's refusals (apps/core/http/jsonapi.py), through one endpoint;
tests/core/test_json_door.py sends the same kinds of bodies to every JSON operation.
"""

import codecs

import pytest

from apps.core.dynamodb.storable import TEXT_UNSTORABLE
from apps.core.http.jsonapi import (
    DUPLICATE_FIELD,
    JSON_BOM,
    JSON_INVALID,
    JSON_MAX_BYTES,
    JSON_NOT_UTF8,
    JSON_TOO_DEEP,
    JSON_TOO_LARGE,
    NOT_JSON,
    NUMBER_NOT_FINITE,
    NUMBER_TOO_LONG,
)
from apps.shortener.models import Link
from tests.support.dynamodb import item_count

URL = b'"https://example.com/"'
DEEP = b"[" * 50_000 + b"]" * 50_000
DEEP_OBJECT = b'{"url": ' + b"[" * 1000 + b"]" * 1000 + b"}"
JUST_TOO_DEEP = b'{"url": ' + b"[" * 32 + b"]" * 32 + b"}"  # 33 levels
LONE_SURROGATE = b'{"url": "https://example.com/\\ud800"}'
SURROGATE_IN_A_KEY = b'{"url": "https://example.com/", "\\udfff": 1}'


def shorten(client, body: bytes):
    return client.post("/shorten", body, content_type="application/json")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (DEEP, JSON_TOO_DEEP),
        (b"[" * 100_000, JSON_TOO_DEEP),
        (DEEP_OBJECT, JSON_TOO_DEEP),
        (JUST_TOO_DEEP, JSON_TOO_DEEP),
        (LONE_SURROGATE, TEXT_UNSTORABLE),
        (SURROGATE_IN_A_KEY, TEXT_UNSTORABLE),
        (b'{"url": "https://example.com/', JSON_INVALID),
        (b"\xff\xfe", JSON_NOT_UTF8),
        ('{"url": "https://example.com/"}'.encode("utf-16"), JSON_NOT_UTF8),
        (codecs.BOM_UTF8 + b'{"url": ' + URL + b"}", JSON_BOM),
        (
            b'{"url": ' + URL + b', "url": "https://example.org/"}',
            DUPLICATE_FIELD.format(field="url"),
        ),
        (b'{"url": ' + URL + b', "expires_in_days": ' + b"1" * 39 + b"}", NUMBER_TOO_LONG),
        (b'{"url": ' + URL + b', "expires_in_days": -' + b"1" * 39 + b"}", NUMBER_TOO_LONG),
        (b'{"url": ' + URL + b', "expires_in_days": NaN}', NUMBER_NOT_FINITE),
        (b'{"url": ' + URL + b', "expires_in_days": -Infinity}', NUMBER_NOT_FINITE),
        (b'{"url": ' + URL + b', "expires_in_days": 1e400}', NUMBER_NOT_FINITE),
        (b"", NOT_JSON),
        (b"  \n", NOT_JSON),
        (b"null", NOT_JSON),
        (b"[" + URL + b"]", NOT_JSON),
    ],
)
def test_the_shortener_api_refuses_json_it_cannot_take_with_a_reason(client, body, message):
    response = shorten(client, body)
    assert response.status_code == 400
    assert response.json() == {"error": message}
    assert item_count(Link) == 0


def test_a_body_over_the_limit_is_413_whatever_it_holds(client):
    body = b'{"url": "https://example.com/' + b"a" * JSON_MAX_BYTES + b'"}'
    response = shorten(client, body)
    assert response.status_code == 413
    assert response.json() == {"error": JSON_TOO_LARGE.format(limit=JSON_MAX_BYTES)}
    assert item_count(Link) == 0


def test_nesting_up_to_the_limit_reaches_the_form(client):
    body = b'{"url": ' + b"[" * 31 + b"]" * 31 + b"}"  # 32 levels
    response = shorten(client, body)
    assert response.status_code == 400
    assert response.json()["error"] == "The field url must be a string."


def test_a_valid_surrogate_pair_is_fine(client):
    response = shorten(client, b'{"url": "https://example.com/\\ud83d\\ude80"}')
    assert response.status_code == 201
    assert response.json()["url"] == "https://example.com/\U0001f680"


def test_38_digits_reach_the_form(client):
    response = shorten(client, b'{"url": ' + URL + b', "expires_in_days": ' + b"9" * 38 + b"}")
    assert response.status_code == 400
    assert response.json()["errors"] == {"expires_in_days": ["A link lasts from 1 to 365 days."]}


@pytest.mark.parametrize("body", [DEEP, LONE_SURROGATE.replace(b"url", b"signature")])
def test_the_billing_api_refuses_unstorable_json_with_400(client, body):
    response = client.post("/api/billing/verify", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["authentic"] is False
