"""Reading bills, and checking signatures (which reads nothing)."""

from __future__ import annotations

import hashlib
import logging
import re

from django.conf import settings

from apps.billing.models import Bill
from apps.billing.signatures import InvalidSignature, SignedBill, key_id_of, verify

logger = logging.getLogger("apps.billing")

TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
LOGGABLE_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")


def bill_get(*, token: str) -> Bill | None:
    if not TOKEN.fullmatch(token):
        return None
    try:
        return Bill.get(token, consistent_read=True)
    except Bill.DoesNotExist:
        return None


def bill_list(*, year: int, limit: int = 50) -> list[Bill]:
    """The year's bills, newest number first (staff only)."""
    return list(Bill.year_index.query(str(year), scan_index_forward=False, limit=limit))


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
