"""Bills and the counters that number them."""

import re

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection

from apps.core.dynamodb.models import TableModel

# A bill's address (its ``token``): random bytes, written URL-safe (4 characters per 3 bytes).
BILL_TOKEN_BYTES = 24
BILL_TOKEN = re.compile(rf"[A-Za-z0-9_-]{{{BILL_TOKEN_BYTES * 4 // 3}}}")


class YearIndex(GlobalSecondaryIndex):
    """Bills of a year by number: the staff list."""

    class Meta:
        index_name = "year-number-index"
        projection = AllProjection()

    year = UnicodeAttribute(hash_key=True)
    number = UnicodeAttribute(range_key=True)


class BuyerIndex(GlobalSecondaryIndex):
    """Bills of a signed-in buyer by number: "My bills". Sparse: anonymous bills have no buyer."""

    class Meta:
        index_name = "buyer-number-index"
        projection = AllProjection()

    buyer = UnicodeAttribute(hash_key=True)
    number = UnicodeAttribute(range_key=True)


class PaymentIndex(GlobalSecondaryIndex):
    """The bill of a payment: Stripe's refund events name the payment, not the bill."""

    class Meta:
        index_name = "payment-index"
        projection = KeysOnlyProjection()

    payment_reference = UnicodeAttribute(hash_key=True)


class Bill(TableModel):
    """A paid order's bill.

    Access patterns:
    - the bill page and its PDF: GetItem by ``token``, the unguessable part of
      the link sent to the buyer;
    - staff list: Query ``year-number-index`` by ``year``, newest number first,
      a page at a time from a cursor;
    - "My bills": Query ``buyer-number-index`` by ``buyer`` (the username key of
      the account that bought it signed in), newest first, a page at a time;
    - purchase: PutItem (``attribute_not_exists``) in one transaction with the
      year's BillCounter and the Purchase it completes, so the number, the bill
      and the purchase's "billed" mark are written together;
    - a refund (the admin's action, Stripe's ``charge.refunded`` event): Query
      ``payment-index`` by the payment's id, then an update conditional on
      ``refunded`` not being set, so that one of any number of deliveries
      marks it and sends the email;
    - verifying a signature: Query ``year-number-index`` by the signed number,
      to say whether the bill was refunded (the signature itself needs nothing).
    """

    class Meta:
        logical_name = "bills"

    token = UnicodeAttribute(hash_key=True)
    number = UnicodeAttribute()
    year = UnicodeAttribute()
    email = UnicodeAttribute()
    name = UnicodeAttribute(default="")
    amount = UnicodeAttribute()
    currency = UnicodeAttribute()
    issued = UTCDateTimeAttribute()
    signature = UnicodeAttribute()
    payment_provider = UnicodeAttribute()
    payment_reference = UnicodeAttribute()
    buyer = UnicodeAttribute(null=True)
    refunded = UTCDateTimeAttribute(null=True)
    refund_reference = UnicodeAttribute(null=True)  # Stripe's refund id, once asked for
    year_index = YearIndex()
    buyer_index = BuyerIndex()
    payment_index = PaymentIndex()


class BillCounter(TableModel):
    """The last bill number given out in a year.

    Access patterns: a purchase reads it (GetItem, strongly consistent) and, in
    the transaction that writes the bill, sets it to the next number on the
    condition that it still holds the number read. Of concurrent purchases
    exactly one wins each number; the others read again. So numbers are
    sequential with no gaps and never shared: a purchase whose transaction
    fails leaves the counter as it was.
    """

    class Meta:
        logical_name = "bill_counters"

    year = UnicodeAttribute(hash_key=True)
    last = NumberAttribute(default=0)


UNSETTLED = "open"  # the one key of unsettled-index


class UnsettledIndex(GlobalSecondaryIndex):
    """Purchases whose payment has not settled (no bill, not declined), oldest first: the sweep.

    Sparse: ``unsettled`` is set when the payment is created and removed when it
    is billed or has failed, so the index holds only the few purchases in flight.
    """

    class Meta:
        index_name = "unsettled-index"
        projection = AllProjection()

    unsettled = UnicodeAttribute(hash_key=True)
    created = UTCDateTimeAttribute(range_key=True)


class Purchase(TableModel):
    """One purchase, recorded before any payment is made.

    ``key`` is the idempotency key the shop's form carries: a double submit, a
    retry after an error or a concurrent second request of the same form finds
    this record instead of paying again. It belongs to whoever sent it first
    (``buyer`` and ``email``): anyone else sending the key is refused. The
    payment is one Stripe PaymentIntent, ``payment_reference``, recorded on
    the condition that none is yet, so a purchase has one payment whatever
    races; only the request that recorded it confirms it, and Stripe charges an
    intent at most once. ``billed`` is written with the bill; ``declined``
    holds the bank's refusal (the form then starts a new purchase).

    Access patterns: the purchase (GetItem by ``key``, strongly consistent);
    create: PutItem with ``attribute_not_exists``; the payment: UpdateItem
    conditional on ``payment_reference`` not existing; completion: one
    transaction with the Bill and the year's BillCounter, conditional on
    ``billed`` not existing (from the page, the return page, the webhook or the
    sweep, whichever comes first); the sweep: Query ``unsettled-index``.
    """

    class Meta:
        logical_name = "purchases"

    key = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute()
    name = UnicodeAttribute(default="")
    buyer = UnicodeAttribute(null=True)  # the signed-in buyer's username key, for "My bills"
    bill_token = UnicodeAttribute()
    created = UTCDateTimeAttribute()
    payment_provider = UnicodeAttribute(null=True)
    payment_reference = UnicodeAttribute(null=True)
    billed = UTCDateTimeAttribute(null=True)
    declined = UnicodeAttribute(null=True)
    unsettled = UnicodeAttribute(null=True)
    unsettled_index = UnsettledIndex()
