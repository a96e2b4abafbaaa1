"""Reading bills, and checking signatures (which reads nothing)."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from apps.billing.models import BILL_TOKEN, Bill
from apps.billing.signatures import InvalidSignature, SignedBill, key_id_of, verify
from apps.core.dynamodb.cursors import cursor_dump, cursor_load

logger = logging.getLogger("apps.billing")

LOGGABLE_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")


@dataclass
class BillPage:
    bills: list[Bill]
    next_cursor: str | None
    first: bool  # the list's first page (no "Newest" link; empty means no bills at all)


def bill_get(*, token: str) -> Bill | None:
    if not BILL_TOKEN.fullmatch(token):
        return None
    try:
        return Bill.get(token, consistent_read=True)
    except Bill.DoesNotExist:
        return None


def bill_list(*, year: int, cursor: str | None = None) -> BillPage:
    """One page of the year's bills, newest number first (staff only); BadCursor."""
    return _page(Bill.year_index, str(year), scope=f"billing.year:{year}", cursor=cursor)


def bill_list_of_buyer(*, buyer: str, cursor: str | None = None) -> BillPage:
    """One page of the bills a signed-in buyer bought, newest first ("My bills"); BadCursor."""
    return _page(Bill.buyer_index, buyer, scope="billing.buyer", viewer=buyer, cursor=cursor)


def _page(
    index, hash_key: str, *, scope: str, cursor: str | None, viewer: str | None = None
) -> BillPage:
    query = index.query(
        hash_key,
        scan_index_forward=False,
        limit=settings.BILLING_PAGE_SIZE,
        last_evaluated_key=cursor_load(cursor, scope=scope, viewer=viewer),
    )
    bills = list(query)
    next_cursor = cursor_dump(query.last_evaluated_key, scope=scope, viewer=viewer)
    return BillPage(bills=bills, next_cursor=next_cursor, first=not cursor)


def bill_refunded_at(signed: SignedBill) -> datetime | None:
    """When the bill a signature vouches for was refunded (one Query by its number), or None."""
    year = signed.number.split("-", 1)[0]
    for bill in Bill.year_index.query(year, Bill.number == signed.number, limit=1):
        return bill.refunded
    return None


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
    key_id = key_id_of(raw)  # None for a signature too long to be one
    logger.warning(
        "billing.verify_failed reason=%s key_id=%s length=%d sha256=%s",
        reason,
        key_id if key_id and LOGGABLE_KEY_ID.fullmatch(key_id) else "-",
        len(raw),
        hashlib.sha256(raw).hexdigest()[:16],
    )
