"""Bills and the counters that number them."""

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from apps.core.dynamodb import TableModel


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
      year's BillCounter, so the number and the bill are written together.
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
