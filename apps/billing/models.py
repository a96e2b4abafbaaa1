"""Bills and the counters that number them."""

import re

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

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
      and the purchase's "billed" mark are written together.
    Verifying a signature reads nothing: the signature carries its own proof.
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
    year_index = YearIndex()
    buyer_index = BuyerIndex()


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


class Purchase(TableModel):
    """One purchase, recorded before any payment is taken.

    ``key`` is the idempotency key the shop's form carries: a double submit,
    a retry after an error or a concurrent second request of the same form
    finds this record instead of paying again. ``payment_reference`` is set
    once paid; ``bill_token`` names the bill, written together with it.
    Access patterns: the purchase (GetItem by ``key``, strongly consistent);
    create: PutItem with ``attribute_not_exists``; completion: one transaction
    with the Bill and the year's BillCounter. A purchase paid but not billed
    (the numbering failed) is completed by the next submission of its form.
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
