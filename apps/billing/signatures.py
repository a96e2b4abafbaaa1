"""Electronic signatures of bills: HMAC-SHA256 with rotating keys, compact and URL-safe.

A signature is ``<payload>.<mac>``, both base64url without padding:

- payload: the UTF-8 JSON array
  ``["b1", key_id, number, email, amount, currency, issued]`` with compact
  separators (``issued`` in Unix seconds). It is the canonical form: it is what
  the MAC covers, JSON keeps the fields apart whatever they contain, and it
  carries everything the verify page shows;
- mac: HMAC-SHA256 of ``b"bill-signature\\n" + payload`` under the key named by
  ``key_id`` (all 32 bytes).

Verification accepts one spelling only: the canonical base64 of the canonical
JSON, so no two different strings verify as the same bill. The comparison is
constant-time. Functions here are pure; callers pass the keys.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

FORMAT = "b1"
DOMAIN = b"bill-signature\n"
SIGNATURE_MAX_LENGTH = 1024  # characters; the form, the API and its OpenAPI text say so too
SHAPE = re.compile(r"([A-Za-z0-9_-]{1,900})\.([A-Za-z0-9_-]{43})")
NUMBER = re.compile(r"\d{4}-\d{6}")
AMOUNT = re.compile(r"\d{1,9}\.\d{2}")
CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class SignedBill:
    key_id: str
    number: str
    email: str
    amount: str
    currency: str
    issued: datetime


class InvalidSignature(ValueError):
    """Not an authentic signature; ``reason`` says why, for the log only."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def sign(bill: SignedBill, key: bytes) -> str:
    payload = _canonical_payload(bill)
    return f"{_b64encode(payload)}.{_b64encode(_mac(key, payload))}"


def verify(signature: str | bytes, keys: dict[str, bytes]) -> SignedBill:
    """The bill a signature vouches for; InvalidSignature for anything else."""
    payload, mac = _split(signature)
    fields = _fields(payload)
    key = keys.get(fields[1])
    if key is None:
        raise InvalidSignature("unknown_key")
    if not hmac.compare_digest(_mac(key, payload), mac):
        raise InvalidSignature("bad_mac")
    return _signed_bill(fields)


def key_id_of(signature: str | bytes) -> str | None:
    """The key id a signature claims, for the log; None when there is none to read."""
    try:
        return _fields(_split(signature)[0])[1]
    except InvalidSignature:
        return None


def _canonical_payload(bill: SignedBill) -> bytes:
    fields = [
        FORMAT,
        bill.key_id,
        bill.number,
        bill.email,
        bill.amount,
        bill.currency,
        int(bill.issued.timestamp()),
    ]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()


def _mac(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, DOMAIN + payload, hashlib.sha256).digest()


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise InvalidSignature("malformed") from error
    if _b64encode(data) != text:
        raise InvalidSignature("malformed")  # a second spelling of the same bytes
    return data


def _split(signature: str | bytes) -> tuple[bytes, bytes]:
    if isinstance(signature, bytes):
        try:
            signature = signature.decode("ascii")
        except UnicodeDecodeError as error:
            raise InvalidSignature("malformed") from error
    if not isinstance(signature, str):
        raise InvalidSignature("malformed")
    signature = signature.strip()
    if len(signature) > SIGNATURE_MAX_LENGTH:
        raise InvalidSignature("too_long")
    match = SHAPE.fullmatch(signature)
    if match is None:
        raise InvalidSignature("malformed")
    return _b64decode(match.group(1)), _b64decode(match.group(2))


def _fields(payload: bytes) -> list:
    try:
        fields = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise InvalidSignature("malformed") from error
    types = [str, str, str, str, str, str, int]
    if (
        not isinstance(fields, list)
        or len(fields) != len(types)
        or any(type(value) is not kind for value, kind in zip(fields, types, strict=True))
        or fields[0] != FORMAT
    ):
        raise InvalidSignature("malformed")
    if json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode() != payload:
        raise InvalidSignature("malformed")
    return fields


def _signed_bill(fields: list) -> SignedBill:
    _, key_id, number, email, amount, currency, issued = fields
    if not (NUMBER.fullmatch(number) and AMOUNT.fullmatch(amount) and CURRENCY.fullmatch(currency)):
        raise InvalidSignature("malformed")
    try:
        moment = datetime.fromtimestamp(issued, tz=UTC)
    except (OverflowError, OSError, ValueError) as error:
        raise InvalidSignature("malformed") from error
    return SignedBill(key_id, number, email, amount, currency, moment)
