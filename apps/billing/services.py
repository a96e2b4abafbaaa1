"""Selling nothing: payment, a numbered and signed bill, and the email that carries it."""

from __future__ import annotations

import logging
import random
import secrets
import smtplib
import time
from datetime import UTC, datetime

import botocore.exceptions
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from apps.billing.models import Bill, BillCounter
from apps.billing.payments import payment_take
from apps.billing.signatures import SignedBill, sign
from apps.core.dynamodb import shared_connection

logger = logging.getLogger("apps.billing")

BUSY = "Many people are buying nothing right now. Please try again in a moment."
NUMBER_ATTEMPTS = 50
CANCELLED_BY_CONDITION = "ConditionalCheckFailed"
TRANSACTION_CONFLICT = "TransactionConflict"
EMAIL_ERRORS = (
    OSError,
    smtplib.SMTPException,
    botocore.exceptions.BotoCoreError,
    botocore.exceptions.ClientError,
)


class BillingBusy(Exception):
    """No bill number could be had after many tries; the message is fit to show."""


def signing_key() -> tuple[str, bytes]:
    """The current key: the first of BILLING_SIGNING_KEYS."""
    key_id, key = next(iter(settings.BILLING_SIGNING_KEYS.items()))
    return key_id, key


def bill_purchase(*, email: str, name: str = "", buyer: str | None = None) -> Bill:
    """Take payment and write the bill with the year's next number.

    ``buyer`` is the username key of a signed-in buyer, so the bill shows in their "My bills".
    """
    token = secrets.token_urlsafe(24)
    payment = payment_take(
        provider=settings.BILLING_PAYMENT_PROVIDER,
        reference=token,
        amount=settings.BILLING_PRICE,
        currency=settings.BILLING_CURRENCY,
    )
    issued = datetime.now(UTC).replace(microsecond=0)
    for _ in range(NUMBER_ATTEMPTS):
        last = _counter_last(issued.year)
        bill = _bill(token, last + 1, email, name, issued, payment)
        bill.buyer = buyer
        if _bill_write(bill, issued.year, last):
            return bill
        time.sleep(random.uniform(0.005, 0.03))  # noqa: S311 - spreads the retries of concurrent buyers
    raise BillingBusy(BUSY)


def _counter_last(year: int) -> int:
    try:
        return int(BillCounter.get(str(year), consistent_read=True).last)
    except BillCounter.DoesNotExist:
        return 0


def _bill(token, number, email, name, issued, payment) -> Bill:
    key_id, key = signing_key()
    signed = SignedBill(
        key_id=key_id,
        number=f"{issued.year}-{number:06d}",
        email=email,
        amount=settings.BILLING_PRICE,
        currency=settings.BILLING_CURRENCY,
        issued=issued,
    )
    return Bill(
        token,
        number=signed.number,
        year=str(issued.year),
        email=email,
        name=name,
        amount=signed.amount,
        currency=signed.currency,
        issued=issued,
        signature=sign(signed, key),
        payment_provider=payment.provider,
        payment_reference=payment.reference,
    )


def _bill_write(bill: Bill, year: int, last: int) -> bool:
    """Write the bill and move the counter from ``last``; False if another buyer got there first."""
    counter = BillCounter(str(year))
    unchanged = BillCounter.last == last if last else BillCounter.year.does_not_exist()
    try:
        with TransactWrite(connection=shared_connection()) as transaction:
            transaction.save(bill, condition=Bill.token.does_not_exist())
            transaction.update(
                counter, actions=[BillCounter.last.set(last + 1)], condition=unchanged
            )
    except TransactWriteError as error:
        codes = {reason.code for reason in error.cancellation_reasons if reason}
        if codes & {CANCELLED_BY_CONDITION, TRANSACTION_CONFLICT}:
            return False
        raise
    return True


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
    try:
        message.send()
    except EMAIL_ERRORS as error:
        logger.error("billing.email_failed number=%s error=%s", bill.number, type(error).__name__)
        return False
    return True
