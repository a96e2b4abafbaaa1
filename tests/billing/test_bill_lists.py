"""Lists of bills: a signed-in buyer's own ("My bills") and the staff's, a page at a time."""

import re
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from django.conf import settings

from apps.billing.models import Bill
from apps.core.dynamodb.tables import table_status
from tests.support.accounts import PASSWORD, account_create, sign_in, staff_create
from tests.support.billing import shop_form
from tests.support.cursors import first_page_with_note, query, spoiled
from tests.support.dynamodb_calls import dynamodb_calls

YEAR = datetime.now(UTC).year


def buy(client, email="buyer@example.com", ip="198.51.100.60"):
    response = client.post("/billing/", shop_form(email), REMOTE_ADDR=ip)
    assert response.status_code == 302
    return response


def numbers(content: str) -> list[str]:
    return re.findall(rf">({YEAR}-\d{{6}})</a>", content)


@pytest.fixture
def staff(client):
    sign_in(client, staff_create(superuser=False))
    return client


def test_my_bills_lists_what_the_signed_in_buyer_bought_by_a_query(client, signed_in):
    buy(signed_in)
    buy(signed_in, email="a-friend@example.com")
    signed_in.post("/logout/")
    buy(client, email="jean-luc@enterprise.example")  # same address, bought signed out
    account_create(username="Data", email="data@enterprise.example")
    client.login(username="data", password=PASSWORD)
    buy(client, email="data@enterprise.example")
    client.login(username="picard", password=PASSWORD)
    with dynamodb_calls() as calls:
        content = client.get("/billing/mine/").content.decode()
    assert numbers(content) == [f"{YEAR}-000002", f"{YEAR}-000001"]
    assert "a-friend@example.com" in content
    bills_table = settings.DYNAMODB_TABLE_PREFIX + "bills"
    assert ("Query", bills_table) in calls
    assert all(operation != "Scan" for operation, _ in calls)


def test_my_bills_needs_an_account_and_says_when_there_are_none(client, signed_in):
    assert signed_in.get("/billing/mine/").status_code == 200
    assert "You have bought nothing yet while signed in." in (
        signed_in.get("/billing/mine/").content.decode()
    )
    signed_in.post("/logout/")
    assert client.get("/billing/mine/")["Location"] == "/login/?next=/billing/mine/"


def test_my_bills_pages_with_a_cursor(signed_in, settings):
    settings.BILLING_PAGE_SIZE = 2
    for n in range(5):
        buy(signed_in, ip=f"192.0.2.{n}")
    seen, url = [], "/billing/mine/"
    for _ in range(4):
        response = signed_in.get(url)
        seen.extend(bill.number for bill in response.context["page"].bills)
        cursor = response.context["page"].next_cursor
        if cursor is None:
            break
        assert f'href="?after={quote(cursor)}">Older bills</a>' in response.content.decode()
        url = f"/billing/mine/?after={cursor}"
    assert seen == [f"{YEAR}-{n:06d}" for n in range(5, 0, -1)]


def test_a_bad_cursor_shows_the_first_page_with_a_message(staff, picard, settings):
    settings.BILLING_PAGE_SIZE = 1
    for n in range(2):
        buy(staff, ip=f"192.0.2.{n}")
    mine = staff.get("/billing/mine/").context["page"].next_cursor
    staff_list = staff.get("/billing/bills/").context["page"].next_cursor
    newest = [f"{YEAR}-000002"]
    for url in (
        f"/billing/bills/?after={query(mine)}",  # another list's
        f"/billing/mine/?after={query(staff_list)}",
        *(f"/billing/mine/?after={query(bad)}" for bad in spoiled(mine)),
    ):
        content = first_page_with_note(staff.get(url))
        assert numbers(content) == newest, url
        assert "Newest</a>" not in content
    other_year = staff.get(f"/billing/bills/?year={YEAR - 1}&after={query(staff_list)}")
    assert f"No bills in {YEAR - 1}." in first_page_with_note(other_year)
    assert staff.login(username="picard", password=PASSWORD)  # another buyer, Riker's cursor
    content = first_page_with_note(staff.get(f"/billing/mine/?after={query(mine)}"))
    assert "You have bought nothing yet while signed in." in content


def test_the_staff_list_pages_past_the_newest(staff, settings):
    settings.BILLING_PAGE_SIZE = 2
    for n in range(5):
        buy(staff, email=f"b{n}@example.com", ip=f"192.0.2.{n}")
    seen, url = [], "/billing/bills/"
    for _ in range(4):
        response = staff.get(url)
        seen.extend(numbers(response.content.decode()))
        cursor = response.context["page"].next_cursor
        if cursor is None:
            break
        url = f"/billing/bills/?year={YEAR}&after={cursor}"
    assert seen == [f"{YEAR}-{n:06d}" for n in range(5, 0, -1)]


def test_staff_find_the_bills_page_in_the_header_and_profile(staff):
    link = '<a href="/billing/bills/">Staff: Bills</a>'  # in the header's account menu
    assert link in staff.get("/").content.decode()
    profile = staff.get("/account/").content.decode()
    assert '<a href="/billing/bills/">Staff: Bills</a>' in profile
    assert '<a href="/billing/mine/">My bills</a>' in profile
    assert '<a href="/shorten/mine/">My links</a>' in profile


def test_others_see_their_own_pages_but_not_the_staff_list(signed_in):
    assert "/billing/bills/" not in signed_in.get("/").content.decode()
    profile = signed_in.get("/account/").content.decode()
    assert '<a href="/billing/mine/">My bills</a>' in profile
    assert "/billing/bills/" not in profile


def test_dynamodb_tables_create_adds_the_buyer_index():
    status = table_status(Bill)
    assert "buyer-number-index" in status.indexes
    assert status.missing_indexes == []
