"""Reading bills, and checking signatures (which reads nothing)."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from apps.billing.models import Bill
from apps.billing.signatures import InvalidSignature, SignedBill, key_id_of, verify

logger = logging.getLogger("apps.billing")

TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
LOGGABLE_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
CURSOR_SALT = "billing.bill-list"
BAD_CURSOR = "This page link is not valid."


@dataclass
class BillPage:
    bills: list[Bill]
    next_cursor: str | None


class BadCursor(ValueError):
    """A page cursor that was not made by this site for this list."""


def bill_get(*, token: str) -> Bill | None:
    if not TOKEN.fullmatch(token):
        return None
    try:
        return Bill.get(token, consistent_read=True)
    except Bill.DoesNotExist:
        return None


def bill_list(*, year: int, cursor: str | None = None) -> BillPage:
    """One page of the year's bills, newest number first (staff only)."""
    return _page(Bill.year_index, str(year), scope=f"year:{year}", cursor=cursor)


def bill_list_of_buyer(*, buyer: str, cursor: str | None = None) -> BillPage:
    """One page of the bills a signed-in buyer bought, newest first ("My bills")."""
    return _page(Bill.buyer_index, buyer, scope=f"buyer:{buyer}", cursor=cursor)


def _page(index, hash_key: str, *, scope: str, cursor: str | None) -> BillPage:
    query = index.query(
        hash_key,
        scan_index_forward=False,
        limit=settings.BILLING_PAGE_SIZE,
        last_evaluated_key=_cursor_decode(cursor, scope) if cursor else None,
    )
    bills = list(query)
    next_key = query.last_evaluated_key
    return BillPage(bills=bills, next_cursor=_cursor_encode(next_key, scope) if next_key else None)


def _cursor_encode(key: dict, scope: str) -> str:
    return signing.dumps({"key": key, "scope": scope}, salt=CURSOR_SALT, compress=True)


def _cursor_decode(cursor: str, scope: str) -> dict:
    """The key a cursor holds; it must be this site's, for this very list."""
    try:
        data = signing.loads(cursor, salt=CURSOR_SALT)
    except signing.BadSignature as error:
        raise BadCursor(BAD_CURSOR) from error
    if not isinstance(data, dict) or data.get("scope") != scope:
        raise BadCursor(BAD_CURSOR)
    return data["key"]


def signature_check(signature: str | bytes) -> SignedBill | None:
    """The bill a signature vouches for, or None; a refusal is logged as one line."""
    try:
        return verify(signature, settings.BILLING_SIGNING_KEYS)
    except InvalidSignature as error:
        _log_refusal(signature, error.reason)
        return None


def _log_refusal(signature: str | bytes, reason: str) -> None:
    """Reason, claimed key id, length and a hash prefix: never the signature or a key."""
    raw = signature.encode("utf-8", "replace") if isinstance(signature, str) else signature
    key_id = key_id_of(raw) if len(raw) <= 2048 else None
    logger.warning(
        "billing.verify_failed reason=%s key_id=%s length=%d sha256=%s",
        reason,
        key_id if key_id and LOGGABLE_KEY_ID.fullmatch(key_id) else "-",
        len(raw),
        hashlib.sha256(raw).hexdigest()[:16],
    )
