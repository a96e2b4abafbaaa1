"""Selling nothing: payment, a numbered and signed bill, and the email that carries it.

A purchase is idempotent end to end, keyed by the idempotency key its form
carries: the Purchase is recorded before any payment, the payment is taken
with that key as its reference (a real provider's idempotency key), and the
bill, the year's counter and the purchase's "billed" mark are written in one
transaction. Sent twice, at once or after a failure, a form gives one payment
and one bill; a purchase paid but not billed is completed by the next
submission, never left as a charge without a bill.
"""

from __future__ import annotations

import logging
import random
import secrets
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from apps.billing.models import BILL_TOKEN_BYTES, Bill, BillCounter, Purchase
from apps.billing.payments import payment_take
from apps.billing.signatures import SignedBill, sign
from apps.core.dynamodb.writes import (
    ConditionFailed,
    Transaction,
    TransactionRefused,
    item_create,
    item_update,
    transaction_commit,
)
from apps.core.mail import email_send

logger = logging.getLogger("apps.billing")

BUSY = (
    "Many people are buying nothing right now. Your payment is recorded: send the form "
    "again in a moment to get your bill; you will not be charged twice."
)
NUMBER_ATTEMPTS = 50


class BillingBusy(Exception):
    """No bill number could be had after many tries; the message is fit to show."""


def signing_key_current() -> tuple[str, bytes]:
    """The current key: the first of BILLING_SIGNING_KEYS."""
    key_id, key = next(iter(settings.BILLING_SIGNING_KEYS.items()))
    return key_id, key


def bill_purchase(
    *, email: str, name: str = "", idempotency_key: str, buyer: str | None = None
) -> tuple[Bill, bool]:
    """Record the purchase, take payment once, and bill it with the year's next number.

    Returns the bill and whether this call issued it (False: an earlier
    submission of the same form did). BillingBusy when no number could be had:
    the payment stays recorded and the next submission completes the purchase.
    ``buyer`` is the username key of a signed-in buyer, so that the bill shows
    in their "My bills".
    """
    purchase = _purchase_record(idempotency_key, email, name, buyer)
    if purchase.billed is not None:
        return _bill_of(purchase), False
    if purchase.payment_reference is None:
        _purchase_pay(purchase)
    return _purchase_bill(purchase)


def _purchase_record(key: str, email: str, name: str, buyer: str | None) -> Purchase:
    purchase = Purchase(
        key,
        email=email,
        name=name,
        buyer=buyer,
        bill_token=secrets.token_urlsafe(BILL_TOKEN_BYTES),
        created=datetime.now(UTC),
    )
    try:
        item_create(purchase)
    except ConditionFailed:
        return Purchase.get(key, consistent_read=True)  # an earlier submission of this form
    return purchase


def _purchase_pay(purchase: Purchase) -> None:
    payment = payment_take(
        provider=settings.BILLING_PAYMENT_PROVIDER,
        reference=purchase.key,
        amount=settings.BILLING_PRICE,
        currency=settings.BILLING_CURRENCY,
    )
    actions = [
        Purchase.payment_provider.set(payment.provider),
        Purchase.payment_reference.set(payment.reference),
    ]
    item_update(purchase, actions)


def _purchase_bill(purchase: Purchase) -> tuple[Bill, bool]:
    """Write the bill, the counter and the purchase's mark together; retry taken numbers."""
    issued = datetime.now(UTC).replace(microsecond=0)
    for _ in range(NUMBER_ATTEMPTS):
        last = _counter_last(issued.year)
        bill = _bill(purchase, last + 1, issued)
        counter = BillCounter(str(issued.year), last=last + 1)
        transaction = Transaction()
        transaction.create(bill)
        transaction.create(counter, reclaim=BillCounter.last == last)
        transaction.update(
            purchase, [Purchase.billed.set(issued)], condition=Purchase.billed.does_not_exist()
        )
        try:
            transaction_commit(transaction)
            return bill, True
        except TransactionRefused as refused:
            if not refused.refused(counter):  # another submission of this form billed it
                return _bill_of(Purchase.get(purchase.key, consistent_read=True)), False
        time.sleep(random.uniform(0.005, 0.03))  # noqa: S311 - spreads the retries of concurrent buyers
    raise BillingBusy(BUSY)


def _bill_of(purchase: Purchase) -> Bill:
    return Bill.get(purchase.bill_token, consistent_read=True)


def _counter_last(year: int) -> int:
    try:
        return int(BillCounter.get(str(year), consistent_read=True).last)
    except BillCounter.DoesNotExist:
        return 0


def _bill(purchase: Purchase, number: int, issued: datetime) -> Bill:
    key_id, key = signing_key_current()
    signed = SignedBill(
        key_id=key_id,
        number=f"{issued.year}-{number:06d}",
        email=purchase.email,
        amount=settings.BILLING_PRICE,
        currency=settings.BILLING_CURRENCY,
        issued=issued,
    )
    return Bill(
        purchase.bill_token,
        number=signed.number,
        year=str(issued.year),
        email=purchase.email,
        name=purchase.name,
        buyer=purchase.buyer,
        amount=signed.amount,
        currency=signed.currency,
        issued=issued,
        signature=sign(signed, key),
        payment_provider=purchase.payment_provider,
        payment_reference=purchase.payment_reference,
    )


def bill_email(bill: Bill, *, bill_url: str, verify_url: str) -> bool:
    """Email the bill with its PDF; False (and a log line) when it could not be sent."""
    from apps.billing.pdf import bill_pdf

    context = {"bill": bill, "bill_url": bill_url, "verify_url": verify_url}
    message = EmailMessage(
        subject=f"Your bill {bill.number}",
        body=render_to_string("billing/bill_email.txt", context),
        to=[bill.email],
    )
    message.attach(
        f"bill-{bill.number}.pdf", bill_pdf(bill, verify_url=verify_url), "application/pdf"
    )
    error = email_send(message)
    if error is not None:
        logger.error("billing.email_failed number=%s error=%s", bill.number, error)
        return False
    return True
