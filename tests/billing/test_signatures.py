"""Bill signatures: only what this site signed, unchanged, under a listed key, verifies.

These tests use the pure functions of apps/billing/signatures.py;
tests/billing/test_verify.py sends the same forgeries through the pages and API.
"""

import base64
import hashlib
import hmac
import json
import string
from datetime import UTC, datetime

import pytest

from apps.billing.signatures import DOMAIN, InvalidSignature, SignedBill, sign, verify

KEY_1 = b"k1-secret-" + b"x" * 32
KEY_2 = b"k2-secret-" + b"y" * 32
BILL = SignedBill(
    key_id="k1",
    number="2026-000042",
    email="a@b.example",
    amount="5.00",
    currency="EUR",
    issued=datetime(2026, 11, 24, 10, 0, tzinfo=UTC),
)
SIGNATURE = sign(BILL, KEY_1)
KEYS = {"k1": KEY_1}
B64URL = string.ascii_letters + string.digits + "-_"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forge(fields: list, key: bytes = KEY_1, separators=(",", ":")) -> str:
    payload = json.dumps(fields, ensure_ascii=False, separators=separators).encode()
    return f"{b64(payload)}.{b64(hmac.new(key, DOMAIN + payload, hashlib.sha256).digest())}"


def reason(signature, keys=KEYS) -> str:
    with pytest.raises(InvalidSignature) as refusal:
        verify(signature, keys)
    return refusal.value.reason


def test_a_signature_verifies_and_carries_the_bill():
    assert verify(SIGNATURE, KEYS) == BILL
    assert len(SIGNATURE) < 200
    assert set(SIGNATURE) <= set(B64URL + ".")


def test_it_verifies_as_bytes_and_with_surrounding_whitespace():
    assert verify(SIGNATURE.encode(), KEYS) == BILL
    assert verify(f"  {SIGNATURE}\n", KEYS) == BILL


def test_changing_any_single_character_breaks_it():
    for position, original in enumerate(SIGNATURE):
        for replacement in {"A", "b", "0", "-", "_", "."} - {original}:
            tampered = SIGNATURE[:position] + replacement + SIGNATURE[position + 1 :]
            assert reason(tampered) in {"malformed", "bad_mac", "unknown_key"}, (
                position,
                replacement,
            )


@pytest.mark.parametrize(
    "change",
    [
        {"email": "mallory@evil.example"},
        {"number": "2026-000043"},
        {"amount": "0.01"},
        {"currency": "USD"},
        {"issued": 1795000000},
    ],
)
def test_swapping_a_field_under_the_old_mac_breaks_it(change):
    fields = [
        "b1",
        "k1",
        BILL.number,
        BILL.email,
        BILL.amount,
        BILL.currency,
        int(BILL.issued.timestamp()),
    ]
    names = ["format", "key_id", "number", "email", "amount", "currency", "issued"]
    for name, value in change.items():
        fields[names.index(name)] = value
    payload = json.dumps(fields, separators=(",", ":")).encode()
    swapped = f"{b64(payload)}.{SIGNATURE.split('.')[1]}"
    assert reason(swapped) == "bad_mac"


def test_a_second_spelling_of_the_same_payload_is_refused_even_when_signed():
    fields = [
        "b1",
        "k1",
        BILL.number,
        BILL.email,
        BILL.amount,
        BILL.currency,
        int(BILL.issued.timestamp()),
    ]
    assert verify(forge(fields), KEYS) == BILL
    assert reason(forge(fields, separators=(", ", ": "))) == "malformed"


@pytest.mark.parametrize(
    "fields",
    [
        ["b2", "k1", "2026-000042", "a@b.example", "5.00", "EUR", 1795507200],
        ["b1", "k1", "2026-42", "a@b.example", "5.00", "EUR", 1795507200],
        ["b1", "k1", "2026-000042", "a@b.example", "5", "EUR", 1795507200],
        ["b1", "k1", "2026-000042", "a@b.example", "5.00", "eur", 1795507200],
        ["b1", "k1", "2026-000042", "a@b.example", "5.00", "EUR", "1795507200"],
        ["b1", "k1", "2026-000042", "a@b.example", "5.00", "EUR", True],
        ["b1", "k1", "2026-000042", "a@b.example", "5.00", "EUR", 10**20],
        ["b1", "k1", "2026-000042", "a@b.example", "5.00", "EUR"],
        {"number": "2026-000042"},
    ],
)
def test_validly_signed_nonsense_is_refused(fields):
    assert reason(forge(fields)) == "malformed"


def test_an_unknown_key_id_is_refused():
    fields = ["b1", "k9", BILL.number, BILL.email, BILL.amount, BILL.currency, 1795507200]
    assert reason(forge(fields)) == "unknown_key"


def test_rotation_old_bills_verify_while_their_key_is_listed():
    new = sign(SignedBill(**{**BILL.__dict__, "key_id": "k2"}), KEY_2)
    both = {"k2": KEY_2, "k1": KEY_1}
    assert verify(SIGNATURE, both).key_id == "k1"
    assert verify(new, both).key_id == "k2"
    assert reason(SIGNATURE, {"k2": KEY_2}) == "unknown_key"


def test_a_key_id_signed_with_another_key_is_refused():
    assert reason(sign(BILL, KEY_2)) == "bad_mac"


@pytest.mark.parametrize(
    "signature",
    [
        "",
        ".",
        "abc",
        SIGNATURE.split(".")[0],
        SIGNATURE.replace(".", ""),
        SIGNATURE + ".",
        SIGNATURE + "=",
        SIGNATURE.split(".")[0] + "==." + SIGNATURE.split(".")[1],
        SIGNATURE + "A",
        "A" + SIGNATURE,
        SIGNATURE[:-1],
        SIGNATURE[1:],
        SIGNATURE[:-1] + "+",
        SIGNATURE[:10] + "/" + SIGNATURE[11:],
        SIGNATURE + "\x00",
        "é" + SIGNATURE,
        "x" * 5000,
        "\x00\xff" * 10,
    ],
)
def test_truncated_padded_or_garbled_signatures_are_refused(signature):
    assert reason(signature) in {"malformed", "too_long"}


@pytest.mark.parametrize("length", range(0, 132, 7))
def test_every_truncation_is_refused(length):
    assert reason(SIGNATURE[:length]) == "malformed"


@pytest.mark.parametrize("data", [b"\xff\xfe\xfd", bytes(range(256)), b"\x80" + SIGNATURE.encode()])
def test_binary_is_refused(data):
    assert reason(data) == "malformed"
