"""Selling nothing: a card payment through Stripe, a numbered and signed bill, the email.

A purchase is idempotent end to end, keyed by the idempotency key its form
carries, and the site's own records guarantee it (localstripe ignores
idempotency keys; Stripe keeps them only 24 hours):

1. the Purchase is recorded first, owned by whoever sent the key (``buyer``
   and ``email``); anyone else sending it starts nothing (PurchaseNotYours);
2. one PaymentIntent is created, not yet confirmed, and recorded on the
   condition that the purchase has none: of concurrent submissions one
   records its intent, and only that one confirms it. Stripe charges an
   intent at most once, so a purchase is charged at most once;
3. the payment settles (``purchase_settle``) wherever Stripe's answer is
   seen first: the confirming request, the return page after the bank's
   authentication, the ``payment_intent.succeeded`` webhook, or the sweep
   that asks Stripe about purchases left unsettled. Each writes the bill, the
   year's counter and the purchase's "billed" mark in one transaction
   conditional on "billed" not being set, so exactly one bill is issued, and
   the one that issued it sends the email.
"""

from __future__ import annotations

import logging
import random
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from apps.billing.models import BILL_TOKEN_BYTES, UNSETTLED, Bill, BillCounter, Purchase
from apps.billing.signatures import SignedBill, sign
from apps.core.dates import moment_text
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
    "Many people are buying nothing right now. Your payment is recorded: your bill follows "
    "by email within minutes, and you will not be charged twice."
)
NOT_YOURS = "This form was already used. Here is a fresh one: nothing was charged."
NOT_COMPLETED = "The payment was not completed, so nothing was charged."
ABANDONED = "The payment was not completed in time, so nothing was charged."
NUMBER_ATTEMPTS = 50
SWEEP_PAGE = 100  # purchases one sweep looks at


class BillingBusy(Exception):
    """No bill number could be had after many tries; the message is fit to show."""


class PurchaseNotYours(Exception):
    """The purchase key belongs to another buyer."""


@dataclass
class Outcome:
    """Where a purchase stands after a look at its payment; exactly one of these holds.

    ``bill``: paid and billed (``issued_now``: by this call, which emailed it,
    ``emailed`` saying whether that worked); ``client_secret``: the bank asks
    the buyer to authenticate (Stripe.js takes it from here); ``declined``:
    the bank's refusal, nothing charged; else the payment is still under way.
    """

    bill: Bill | None = None
    issued_now: bool = False
    emailed: bool | None = None
    client_secret: str | None = None
    declined: str | None = None


def signing_key_current() -> tuple[str, bytes]:
    """The current key: the first of BILLING_SIGNING_KEYS."""
    key_id, key = next(iter(settings.BILLING_SIGNING_KEYS.items()))
    return key_id, key


def purchase_pay(
    *, email: str, name: str = "", idempotency_key: str, card_token: str, buyer: str | None = None
) -> Outcome:
    """Record the purchase, pay it once with the card of ``card_token``, bill it once.

    ``buyer`` is the username key of a signed-in buyer, so that the bill shows in
    their "My bills". Raises PurchaseNotYours, and stripe_api's StripeUnavailable.
    """
    from apps.billing import stripe_api

    purchase = _purchase_record(idempotency_key, email, name, buyer)
    if purchase.buyer != buyer or purchase.email != email:
        raise PurchaseNotYours(NOT_YOURS)
    if purchase.billed is not None:
        return Outcome(bill=_bill_of(purchase))
    if purchase.declined is not None:
        return Outcome(declined=purchase.declined)
    if purchase.payment_reference is not None:  # sent again: see how the payment went
        return purchase_settle(purchase, stripe_api.intent_get(purchase.payment_reference))
    return _purchase_start(purchase, card_token)


def purchase_of(*, key: str, buyer: str | None) -> Purchase | None:
    """The buyer's purchase (None for another buyer's or none)."""
    try:
        purchase = Purchase.get(key, consistent_read=True)
    except Purchase.DoesNotExist:
        return None
    return purchase if purchase.buyer == buyer else None


def purchase_look(purchase: Purchase) -> Outcome:
    """How the purchase stands, asking Stripe when it has not settled (the return page)."""
    from apps.billing import stripe_api

    if purchase.billed is not None:
        return Outcome(bill=_bill_of(purchase))
    if purchase.declined is not None or purchase.payment_reference is None:
        return Outcome(declined=purchase.declined or NOT_COMPLETED)
    return purchase_settle(purchase, stripe_api.intent_get(purchase.payment_reference))


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


def _purchase_start(purchase: Purchase, card_token: str) -> Outcome:
    """Create the purchase's one payment and, if this request recorded it, confirm it."""
    from apps.billing import stripe_api

    try:
        intent = stripe_api.intent_create(
            purchase_key=purchase.key, card_token=card_token, email=purchase.email
        )
    except stripe_api.CardDeclined as declined:
        return _purchase_declined(purchase, str(declined))
    try:
        item_update(
            purchase,
            [
                Purchase.payment_provider.set(stripe_api.PROVIDER),
                Purchase.payment_reference.set(intent.id),
                Purchase.unsettled.set(UNSETTLED),
            ],
            condition=Purchase.payment_reference.does_not_exist(),
            check_version=False,
        )
    except ConditionFailed:
        # Another submission of this form recorded its payment first; this
        # request's intent was never confirmed (it charged nothing) and is cancelled.
        _intent_drop(intent.id)
        return purchase_look(Purchase.get(purchase.key, consistent_read=True))
    try:
        intent = stripe_api.intent_confirm(intent.id)
    except stripe_api.CardDeclined as declined:
        return _purchase_declined(purchase, str(declined))
    except stripe_api.StripeRefused:
        # Refused because it is confirmed already: the answer to the first try was
        # lost and the SDK's retry came second (Stripe's idempotency keys last a
        # day; localstripe has none). How the payment stands is Stripe's to say.
        intent = stripe_api.intent_get(intent.id)
    return purchase_settle(purchase, intent)


def _intent_drop(intent_id: str) -> None:
    """Cancel a payment no purchase records; if Stripe does not answer, it stays unconfirmed."""
    from apps.billing import stripe_api

    try:
        stripe_api.intent_cancel(intent_id)
    except (stripe_api.StripeUnavailable, stripe_api.StripeRefused):
        logger.info("billing.intent_left intent=%s", intent_id)


def purchase_settle(purchase: Purchase, intent) -> Outcome:
    """Act on what Stripe says of the purchase's payment (a ``stripe_api.Intent``)."""
    if intent.status == "succeeded":
        return _purchase_paid(purchase, intent)
    if intent.status == "requires_action":
        return Outcome(client_secret=intent.client_secret)
    if intent.status in ("requires_payment_method", "canceled"):
        return _purchase_declined(purchase, intent.failure or NOT_COMPLETED)
    return Outcome()  # processing, or not yet confirmed by the request that recorded it


def _purchase_paid(purchase: Purchase, intent) -> Outcome:
    from apps.billing.stripe_api import amount_minor

    expected = (amount_minor(settings.BILLING_PRICE), settings.BILLING_CURRENCY, purchase.key)
    if (intent.amount, intent.currency, intent.purchase) != expected:
        logger.error("billing.payment_mismatch purchase=%s intent=%s", purchase.key, intent.id)
        return Outcome()
    bill, issued_now = _purchase_bill(purchase)
    emailed = bill_email(bill) if issued_now else None
    return Outcome(bill=bill, issued_now=issued_now, emailed=emailed)


def _purchase_declined(purchase: Purchase, message: str) -> Outcome:
    """Close the purchase as declined (nothing charged); the form starts a new one."""
    try:
        item_update(
            purchase,
            [Purchase.declined.set(message), Purchase.unsettled.remove()],
            condition=Purchase.billed.does_not_exist() & Purchase.declined.does_not_exist(),
            check_version=False,
        )
    except ConditionFailed:
        settled = Purchase.get(purchase.key, consistent_read=True)
        if settled.billed is not None:
            return Outcome(bill=_bill_of(settled))
        message = settled.declined
    logger.info("billing.declined purchase=%s", purchase.key[:8])
    return Outcome(declined=message)


def payment_succeeded(intent) -> Outcome | None:
    """Stripe's ``payment_intent.succeeded``: bill the purchase it names (None: not ours)."""
    purchase = None
    if intent.purchase:
        try:
            purchase = Purchase.get(intent.purchase, consistent_read=True)
        except Purchase.DoesNotExist:
            purchase = None
    if purchase is None or purchase.payment_reference != intent.id:
        logger.warning("billing.unknown_payment intent=%s", intent.id)
        return None
    return purchase_settle(purchase, intent)


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
            purchase,
            [Purchase.billed.set(issued), Purchase.unsettled.remove()],
            condition=Purchase.billed.does_not_exist(),
            check_version=False,
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


def site_url(name: str, *args) -> str:
    """An absolute address of the site, for emails sent from a request or from Stripe's events."""
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def bill_email(bill: Bill) -> bool:
    """Email the bill with its PDF; False (and a log line) when it could not be sent."""
    from apps.billing.pdf import bill_pdf

    verify_url = site_url("billing:verify_link", bill.signature)
    context = {
        "bill": bill,
        "bill_url": site_url("billing:bill", bill.token),
        "verify_url": verify_url,
    }
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


# --- refunds ---


class RefundRefused(Exception):
    """The bill cannot be refunded (already refunded, or Stripe refused); the message says why."""


ALREADY_REFUNDED = "Bill {number} was already refunded."


def bill_refund(bill: Bill) -> bool:
    """Refund the bill's payment in full (the admin's action); True when this call marked it.

    Stripe refunds a payment once (the refund's idempotency key is the bill's);
    the bill is marked from Stripe's answer here and again, harmlessly, from its
    ``charge.refunded`` event. Raises RefundRefused, and StripeUnavailable.
    """
    from apps.billing import stripe_api

    if bill.refunded is not None:
        raise RefundRefused(ALREADY_REFUNDED.format(number=bill.number))
    try:
        refund_id = stripe_api.refund_create(
            intent_id=bill.payment_reference, bill_token=bill.token
        )
    except stripe_api.StripeRefused as refused:
        raise RefundRefused(f"Bill {bill.number}: {refused}") from refused
    return bill_refunded(bill, when=datetime.now(UTC), refund_id=refund_id)


def bill_refunded(bill: Bill, *, when: datetime, refund_id: str | None = None) -> bool:
    """Mark the bill refunded and tell the buyer, once whatever the deliveries; True if now."""
    actions = [Bill.refunded.set(when.replace(microsecond=0))]
    if refund_id:
        actions.append(Bill.refund_reference.set(refund_id))
    try:
        item_update(bill, actions, condition=Bill.refunded.does_not_exist(), check_version=False)
    except ConditionFailed:
        return False
    _refund_email(bill)
    return True


def payment_refunded(*, intent_id: str, when: datetime) -> Bill | None:
    """Stripe's ``charge.refunded`` (in full): mark the payment's bill; None when none is ours."""
    found = [row.token for row in Bill.payment_index.query(intent_id, limit=1)]
    if not found:
        logger.warning("billing.unknown_refund intent=%s", intent_id)
        return None
    bill = Bill.get(found[0], consistent_read=True)
    bill_refunded(bill, when=when)
    return bill


def _refund_email(bill: Bill) -> None:
    context = {
        "bill": bill,
        "refunded": moment_text(bill.refunded),
        "bill_url": site_url("billing:bill", bill.token),
    }
    message = EmailMessage(
        subject=f"Your bill {bill.number} was refunded",
        body=render_to_string("billing/refund_email.txt", context),
        to=[bill.email],
    )
    error = email_send(message)
    if error is not None:
        logger.error("billing.refund_email_failed number=%s error=%s", bill.number, error)


# --- the sweep ---


def purchases_settle_sweep(now: datetime) -> str:
    """Ask Stripe about purchases unsettled for BILLING_SETTLE_AFTER: bill the paid ones
    (the webhook was lost, the buyer gone), close the failed ones, and cancel those
    still waiting for the buyer's bank after BILLING_ABANDONED_AFTER."""
    from apps.billing import stripe_api

    settled_before = now - timedelta(seconds=settings.BILLING_SETTLE_AFTER)
    abandoned_before = now - timedelta(seconds=settings.BILLING_ABANDONED_AFTER)
    billed = closed = waiting = 0
    with stripe_api.stripe_budget():
        for purchase in Purchase.unsettled_index.query(
            UNSETTLED, Purchase.created < settled_before, limit=SWEEP_PAGE
        ):
            intent = stripe_api.intent_get(purchase.payment_reference)
            if intent.status in ("requires_action", "requires_confirmation") and (
                purchase.created < abandoned_before
            ):
                stripe_api.intent_cancel(intent.id)
                outcome = _purchase_declined(purchase, ABANDONED)
            else:
                outcome = purchase_settle(purchase, intent)
            billed += outcome.issued_now
            closed += outcome.declined is not None
            waiting += outcome.bill is None and outcome.declined is None
    return f"{billed} purchases billed, {closed} closed unpaid, {waiting} still under way"
