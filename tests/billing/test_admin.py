"""Bills in the admin: found by year, number, token or buyer; shown with their verify link;
never changed or deleted, by anyone."""

from django.contrib.admin.utils import quote

from apps.billing.selectors import bill_get
from tests.support.billing import bill_bought

BILLS = "/admin/billing/bill/"


def buy(n: int, buyer=None):
    return [bill_bought(email=f"b{i}@example.com", buyer=buyer) for i in range(n)]


def test_bills_are_listed_by_number_and_found_by_year_number_token_or_buyer(riker):
    bills = buy(3)
    year = bills[0].year
    newest = riker.get(BILLS, {"q": year}).context["cl"].result_list
    assert [b.number for b in newest] == sorted((b.number for b in bills), reverse=True)
    oldest = riker.get(BILLS, {"q": year, "o": "1"}).context["cl"].result_list
    assert [b.number for b in oldest] == sorted(b.number for b in bills)
    assert [
        b.number for b in riker.get(BILLS, {"q": bills[1].number}).context["cl"].result_list
    ] == [bills[1].number]
    assert [b.token for b in riker.get(BILLS, {"q": bills[2].token}).context["cl"].result_list] == [
        bills[2].token
    ]


def test_a_bill_shows_its_verify_link_and_can_be_neither_changed_nor_deleted(riker):
    bill = buy(1)[0]
    page = riker.get(f"{BILLS}{quote(bill.token)}/change/").content.decode()
    assert "/billing/verify/" in page
    assert "Check this signature" in page
    assert (
        riker.post(f"{BILLS}{quote(bill.token)}/change/", {"email": "x@example.com"}).status_code
        == 403
    )
    assert riker.post(f"{BILLS}{quote(bill.token)}/delete/", {"post": "yes"}).status_code == 403
    listing = riker.get(BILLS).content.decode()
    assert "delete_selected" not in listing
    assert riker.get(f"{BILLS}add/").status_code == 403
    assert bill_get(token=bill.token).email == bill.email
