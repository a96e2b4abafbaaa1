"""Stripe, through its official SDK: the only module that imports ``stripe``.

Imported only on the payment path (the shop's POST, its return page, the
webhook, refunds, the sweep), so that no other page's cold start pays for the
SDK (README: Taking payments). It talks to ``STRIPE_API_BASE`` when set
(localstripe, locally and in tests) and to Stripe itself otherwise.

Time. Every call of one request (or one sweep) spends one budget,
``STRIPE_REQUEST_BUDGET`` seconds, started by ``stripe_budget``: each attempt
waits at most ``STRIPE_TIMEOUT`` (``STRIPE_CONNECT_TIMEOUT`` to connect) and
never past the budget, and the SDK's retries (``STRIPE_MAX_RETRIES``, on
connection errors, 409 and 5xx, with the same idempotency key) are made only
while the budget lasts. So a Stripe that hangs costs the page at most the
budget plus one connect timeout, inside API Gateway's 29 s.

Failures become three exceptions with messages fit to show: ``CardDeclined``
(the bank said no; nothing charged), ``StripeUnavailable`` (no answer in time,
or Stripe failed: whether a charge happened is not known, so the purchase is
settled later from Stripe's own record) and ``StripeRefused`` (a request
Stripe refuses, such as refunding twice).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import stripe
from django.conf import settings

logger = logging.getLogger("apps.billing")

PROVIDER = "stripe"
MIN_ATTEMPT_SECONDS = 0.2  # an attempt with less time left than this is not made
RETRY_PAUSE_MAX = 1.0  # the SDK pauses 0.5-1 s before a retry (stripe/_http_client.py)
UNAVAILABLE = (
    "The payment service did not answer in time. If you were charged, your bill "
    "follows by email within minutes; otherwise send the form again. You are never "
    "charged twice for one purchase."
)

CARD_UNUSABLE = "Your card could not be used. Please enter it again."

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "stripe_deadline", default=None
)


class CardDeclined(Exception):
    """The card was declined or its authentication failed; the message is the bank's."""


class StripeUnavailable(Exception):
    """Stripe did not answer within the budget, or failed."""


class StripeRefused(Exception):
    """Stripe refused the request (already refunded, unknown payment...)."""


@dataclass(frozen=True)
class Intent:
    """What the site needs of a PaymentIntent, from an API answer or an event."""

    id: str
    status: str
    amount: int
    currency: str
    purchase: str | None  # the purchase key this payment is for (its metadata)
    client_secret: str | None
    failure: str | None  # why the last attempt failed, in the bank's words

    @classmethod
    def of(cls, obj) -> Intent:
        """From the SDK's PaymentIntent or an event's plain dict."""
        obj = obj.to_dict() if isinstance(obj, stripe.StripeObject) else obj
        error = obj.get("last_payment_error") or {}
        return cls(
            id=obj["id"],
            status=obj["status"],
            amount=int(obj["amount"]),
            currency=str(obj["currency"]).upper(),
            purchase=(obj.get("metadata") or {}).get("purchase"),
            client_secret=obj.get("client_secret"),
            failure=error.get("message"),
        )


def amount_minor(amount: str) -> int:
    """ "5.00" -> 500: Stripe counts in the currency's smallest unit."""
    return int(Decimal(amount) * 100)


@contextlib.contextmanager
def stripe_budget(seconds: float | None = None) -> Iterator[None]:
    """Give the Stripe calls inside one budget (STRIPE_REQUEST_BUDGET by default)."""
    budget = settings.STRIPE_REQUEST_BUDGET if seconds is None else seconds
    token = _deadline.set(time.monotonic() + budget)
    try:
        yield
    finally:
        _deadline.reset(token)


def _remaining() -> float:
    deadline = _deadline.get()
    return settings.STRIPE_REQUEST_BUDGET if deadline is None else deadline - time.monotonic()


class BudgetedClient(stripe.RequestsClient):
    """The SDK's requests client, each attempt bounded by what is left of the budget."""

    def request(self, method, url, headers, post_data=None):
        remaining = _remaining()
        if remaining < MIN_ATTEMPT_SECONDS:
            raise stripe.APIConnectionError("The budget for Stripe calls is spent.")
        self._timeout = (
            min(settings.STRIPE_CONNECT_TIMEOUT, remaining),
            min(settings.STRIPE_TIMEOUT, remaining),
        )
        return super().request(method, url, headers, post_data)

    def _should_retry(self, response, api_connection_error, num_retries, max_network_retries):
        if _remaining() < RETRY_PAUSE_MAX + MIN_ATTEMPT_SECONDS:
            return False
        return super()._should_retry(
            response, api_connection_error, num_retries, max_network_retries
        )


def _client() -> stripe.StripeClient:
    base = settings.STRIPE_API_BASE
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": base} if base else None,
        max_network_retries=settings.STRIPE_MAX_RETRIES,
        http_client=BudgetedClient(),
    )


@contextlib.contextmanager
def _answered() -> Iterator[None]:
    """Stripe's errors as this module's three."""
    try:
        yield
    except stripe.CardError as error:
        raise CardDeclined(error.user_message or "Your card was declined.") from error
    except (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError) as error:
        logger.warning("billing.stripe_unavailable error=%s", type(error).__name__)
        raise StripeUnavailable(UNAVAILABLE) from error
    except stripe.StripeError as error:
        logger.warning(
            "billing.stripe_refused error=%s code=%s", type(error).__name__, error.code or "-"
        )
        raise StripeRefused(error.user_message or "The payment service refused this.") from error


def intent_create(*, purchase_key: str, card_token: str, email: str) -> Intent:
    """A PaymentIntent for the price, not yet confirmed, charging the card of ``card_token``.

    The card goes through a Customer (``createToken`` in the browser, then the
    Customer's source), which Stripe and localstripe both take; a card declined
    when it is attached raises CardDeclined. The intent carries the purchase's
    key as its idempotency key and in its metadata, so that its events name the
    purchase.
    """
    client = _client()
    try:
        with _answered():
            customer = client.v1.customers.create(
                params={"source": card_token, "email": email},
                options={"idempotency_key": f"{purchase_key}-customer"},
            )
    except StripeRefused as refused:  # a token Stripe does not know, or one already used
        raise CardDeclined(CARD_UNUSABLE) from refused
    with _answered():
        intent = client.v1.payment_intents.create(
            params={
                "amount": amount_minor(settings.BILLING_PRICE),
                "currency": settings.BILLING_CURRENCY.lower(),
                "customer": customer.id,
                "payment_method": customer.default_source,
                "payment_method_types": ["card"],
                "metadata": {"purchase": purchase_key},
            },
            options={"idempotency_key": purchase_key},
        )
    return Intent.of(intent)


def intent_confirm(intent_id: str) -> Intent:
    """Confirm (charge); an intent waiting for the bank's authentication comes back so."""
    with _answered():
        return Intent.of(_client().v1.payment_intents.confirm(intent_id))


def intent_get(intent_id: str) -> Intent:
    with _answered():
        return Intent.of(_client().v1.payment_intents.retrieve(intent_id))


def intent_cancel(intent_id: str) -> Intent:
    with _answered():
        return Intent.of(_client().v1.payment_intents.cancel(intent_id))


def refund_create(*, intent_id: str, bill_token: str) -> str:
    """Refund the whole payment; the refund's id. Sent twice, Stripe refunds once."""
    with _answered():
        refund = _client().v1.refunds.create(
            params={"payment_intent": intent_id, "metadata": {"bill": bill_token}},
            options={"idempotency_key": f"refund-{bill_token}"},
        )
    return refund.id


class BadSignature(Exception):
    """A webhook whose Stripe-Signature is missing, stale or wrong."""


def signature_check(payload: bytes, header: str | None) -> None:
    """Check a webhook's signature with the SDK's helper (300 s of tolerance); BadSignature."""
    try:
        stripe.WebhookSignature.verify_header(
            payload,
            header,
            settings.STRIPE_WEBHOOK_SECRET,
            tolerance=stripe.Webhook.DEFAULT_TOLERANCE,
        )
    except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError) as error:
        raise BadSignature(str(error).split(".")[0]) from error
