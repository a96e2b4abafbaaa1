"""Anyone can check a signature: on the page, from the QR code's link, and through the API."""

import json
import logging

import pytest

from apps.billing.signatures import SignedBill, sign
from tests.support.billing import bill_bought, mac_tampered


def purchase(email):
    return bill_bought(email=email)


@pytest.fixture
def bill():
    return purchase(email="a@b.example")


def api(client, body, content_type="text/plain"):
    return client.post("/api/billing/verify", body, content_type=content_type)


def test_the_page_says_authentic_with_the_bills_details(client, bill):
    response = client.post("/billing/verify/", {"signature": bill.signature})
    assert response.status_code == 200
    content = response.content.decode()
    assert f"Authentic:</strong> bill {bill.number} for a@b.example, 5.00 EUR, issued" in content


def test_the_page_says_not_authentic_with_status_400(client, bill):
    response = client.post("/billing/verify/", {"signature": bill.signature[:-2] + "AA"})
    assert response.status_code == 400
    assert "This is not an authentic signature." in response.content.decode()


def test_the_qr_codes_link_checks_the_signature(client, bill):
    response = client.get(f"/billing/verify/{bill.signature}")
    assert response.status_code == 200
    assert f"bill {bill.number}" in response.content.decode()
    assert client.get("/billing/verify/forged.signature").status_code == 400


def test_the_api_takes_the_raw_signature(client, bill):
    response = api(client, bill.signature)
    assert response.status_code == 200
    body = response.json()
    assert body["authentic"] is True
    assert body["bill"]["number"] == bill.number
    assert body["bill"]["email"] == "a@b.example"
    assert (body["bill"]["amount"], body["bill"]["currency"]) == ("5.00", "EUR")


def test_the_api_takes_json(client, bill):
    response = api(client, json.dumps({"signature": bill.signature}), "application/json")
    assert response.status_code == 200
    assert response.json()["bill"]["number"] == bill.number


@pytest.mark.slow
def test_the_api_refuses_every_single_character_change_with_400(client, bill):
    signature = bill.signature
    for position in range(len(signature)):
        replacement = "B" if signature[position] != "B" else "C"
        tampered = signature[:position] + replacement + signature[position + 1 :]
        response = api(client, tampered)
        assert response.status_code == 400, position
        assert response.json() == {
            "authentic": False,
            "error": "This is not an authentic signature.",
        }


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"", "text/plain"),
        (b"\x00\x01\x02\xff\xfe", "application/octet-stream"),
        ("é" * 100, "text/plain"),
        ("x" * 100_000, "text/plain"),
        ("{not json", "application/json"),
        (json.dumps(["a list"]), "application/json"),
        (json.dumps({"signature": 42}), "application/json"),
        (json.dumps({"sig": "x"}), "application/json"),
    ],
)
def test_the_api_refuses_nonsense_with_400_never_500(client, body, content_type):
    response = api(client, body, content_type)
    assert response.status_code == 400
    assert response.json()["authentic"] is False


def test_a_body_over_the_upload_limit_is_a_json_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = api(client, "x" * 20_000)
    assert response.status_code == 413
    assert response.json() == {"authentic": False, "error": "The body is larger than 10,000 bytes."}


def test_the_api_is_post_only(client):
    assert client.get("/api/billing/verify").status_code == 405


def test_rotation_through_the_api(client, settings, bill):
    old_key = settings.BILLING_SIGNING_KEYS["local"]
    settings.BILLING_SIGNING_KEYS = {"new": b"n" * 40, "local": old_key}
    assert api(client, bill.signature).status_code == 200
    fresh = purchase(email="b@b.example")
    assert api(client, fresh.signature).json()["bill"]["key_id"] == "new"
    settings.BILLING_SIGNING_KEYS = {"new": b"n" * 40}
    assert api(client, bill.signature).status_code == 400
    assert api(client, fresh.signature).status_code == 200


def test_a_signature_made_with_an_unlisted_key_is_refused(client, bill):
    forged = sign(
        SignedBill("local", bill.number, "mallory@evil.example", "5.00", "EUR", bill.issued),
        b"guessed-key-" + b"z" * 30,
    )
    assert api(client, forged).status_code == 400


def test_a_refusal_is_logged_as_one_line_without_the_signature(client, bill, caplog):
    caplog.set_level(logging.WARNING, logger="apps.billing")
    tampered = mac_tampered(bill.signature)
    api(client, tampered)
    [record] = [r for r in caplog.records if r.name == "apps.billing"]
    line = record.getMessage()
    assert "\n" not in line
    assert line.startswith("billing.verify_failed reason=bad_mac key_id=local length=")
    assert tampered not in line
    assert tampered.split(".")[1] not in line


def test_verification_is_rate_limited(client, settings, bill):
    settings.BILLING_VERIFY_RATE_PER_IP = "2/h"
    statuses = [api(client, bill.signature).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
