"""Buying nothing: a numbered, signed bill, its page, its PDF and the email carrying it."""

import re
import threading
import zlib
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.test import Client

from apps.billing.models import Bill, BillCounter, Purchase
from apps.billing.selectors import signature_check
from tests.support.accounts import PASSWORD, account_create, sign_in, staff_create
from tests.support.billing import shop_form
from tests.support.dynamodb import item_count
from tests.support.stripe import charges_of, intents_of

YEAR = datetime.now(UTC).year


def buy(client, email="buyer@example.com", name="", ip="198.51.100.40", **form):
    return client.post("/billing/", shop_form(email, name, **form), REMOTE_ADDR=ip)


def test_the_shop_offers_nothing_for_five_euros_and_loads_stripe_js(client, settings):
    response = client.get("/billing/")
    content = response.content.decode()
    assert "Nothing" in content
    assert "5.00 EUR" in content
    assert f'<script src="{settings.STRIPE_API_BASE}/js.stripe.com/v3/" defer></script>' in content
    assert f'data-stripe-key="{settings.STRIPE_PUBLISHABLE_KEY}"' in content
    policy = response["Content-Security-Policy"]
    assert f"script-src 'self' {settings.STRIPE_API_BASE};" in policy
    assert f"connect-src 'self' {settings.STRIPE_API_BASE}" in policy
    assert "unsafe-inline" not in policy
    # Other pages allow no payment origin.
    assert settings.STRIPE_API_BASE not in client.get("/billing/verify/")["Content-Security-Policy"]


def test_a_purchase_makes_a_bill_and_shows_it(client):
    response = buy(client, name="Zoë Example")
    [bill] = Bill.scan()
    assert response["Location"] == f"/billing/bills/{bill.token}/"
    assert bill.number == f"{YEAR}-000001"
    assert (bill.email, bill.amount, bill.currency, bill.payment_provider) == (
        "buyer@example.com",
        "5.00",
        "EUR",
        "stripe",
    )
    [charge] = charges_of(bill.payment_reference)
    assert (charge["amount"], charge["currency"], charge["status"]) == (500, "eur", "succeeded")
    page = client.get(response["Location"])
    content = page.content.decode()
    assert f"Bill {YEAR}-000001" in content
    assert "Zoë Example" in content
    assert bill.signature in content
    assert 'src="data:image/svg+xml' in content
    assert f"/billing/bills/{bill.token}/pdf" in content
    assert signature_check(bill.signature).number == bill.number


def test_the_bill_is_emailed_with_its_pdf(client):
    buy(client)
    [bill] = Bill.scan()
    [message] = mail.outbox
    assert message.to == ["buyer@example.com"]
    assert message.subject == f"Your bill {bill.number}"
    assert f"/billing/bills/{bill.token}/" in message.body
    assert bill.signature in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == (f"bill-{bill.number}.pdf", "application/pdf")
    assert content.startswith(b"%PDF-")


def test_the_pdf_downloads_and_opens(client):
    buy(client)
    [bill] = Bill.scan()
    page = client.get(f"/billing/bills/{bill.token}/").content.decode()
    assert (
        f'<a class="button" href="/billing/bills/{bill.token}/pdf" '
        f'download="bill-{bill.number}.pdf">Download the PDF</a>'
    ) in page
    assert f'href="/billing/bills/{bill.token}/pdf/open">Open the PDF</a>' in page
    download = client.get(f"/billing/bills/{bill.token}/pdf")
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="bill-{bill.number}.pdf"'
    assert download.content.startswith(b"%PDF-")
    opened = client.get(f"/billing/bills/{bill.token}/pdf/open")
    assert opened["Content-Disposition"] == f'inline; filename="bill-{bill.number}.pdf"'
    assert opened.content.startswith(b"%PDF-")


def test_the_bill_page_says_the_email_carries_its_address_and_has_no_inline_script(client):
    buy(client)
    [bill] = Bill.scan()
    page = client.get(f"/billing/bills/{bill.token}/").content.decode()
    assert "the only way back" not in page
    assert "This page's address is also in the email that carries the bill" in page
    assert "onclick" not in page
    assert '<button type="button" class="button-secondary" data-print>Print</button>' in page


def test_the_pdf_names_the_seller_the_page_names(client, settings):
    settings.SITE_NAME = "Nothing Ltd"
    buy(client)
    [bill] = Bill.scan()
    assert '<p class="bill-from">Nothing Ltd</p>' in (
        client.get(f"/billing/bills/{bill.token}/").content.decode()
    )
    assert "(Nothing Ltd) Tj" in pdf_text(client.get(f"/billing/bills/{bill.token}/pdf").content)


def pdf_text(pdf: bytes) -> str:
    """The PDF's page content, its streams inflated: text shows as ``(...) Tj``."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL)
    texts = []
    for stream in streams:
        try:
            texts.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            texts.append(stream.decode("latin-1"))
    return "\n".join(texts)


def test_a_failed_email_keeps_the_bill_and_says_so(client, settings, caplog):
    settings.EMAIL_BACKEND = "tests.support.email.FailingEmailBackend"
    response = client.post("/billing/", shop_form("buyer@example.com"), follow=True)
    assert "we could not email it" in response.content.decode()
    assert item_count(Bill) == 1
    assert "billing.email_failed" in caplog.text


def test_bill_numbers_follow_each_other(client):
    for n in range(3):
        buy(client, ip=f"198.51.100.{n}")
    numbers = sorted(bill.number for bill in Bill.scan())
    assert numbers == [f"{YEAR}-00000{n}" for n in (1, 2, 3)]
    assert BillCounter.get(str(YEAR)).last == 3


@pytest.mark.slow
def test_concurrent_purchases_never_share_a_number_and_leave_no_gap():
    buyers = 20
    start = threading.Barrier(buyers)
    statuses = []

    def purchase(n):
        client = Client()
        start.wait()
        statuses.append(buy(client, email=f"buyer{n}@example.com", ip=f"203.0.113.{n}").status_code)

    threads = [threading.Thread(target=purchase, args=(n,)) for n in range(buyers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * buyers
    numbers = sorted(bill.number for bill in Bill.scan())
    assert numbers == [f"{YEAR}-{n:06d}" for n in range(1, buyers + 1)]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"email": ""}, "This field is required."),
        ({"email": "not an email"}, "Enter a valid email address."),
        ({"email": "a" * 250 + "@b.example"}, "at most 254 characters"),
        ({"email": "a@b.example", "name": "n" * 302}, "at most 301 characters"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_bought(client, form, message):
    response = client.post("/billing/", {**form, "card_token": "tok_unused"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert item_count(Bill) == 0
    assert mail.outbox == []


def test_signed_in_buyers_find_their_email_and_name_filled_in(client):
    account_create(first_name="Jean-Luc", last_name="Picard")
    client.login(username="picard", password=PASSWORD)
    content = client.get("/billing/").content.decode()
    assert 'value="jean-luc@enterprise.example"' in content
    assert 'name="name" value="Jean-Luc Picard"' in content


def test_the_longest_name_a_profile_holds_is_filled_in_and_accepted(client):
    """Pay never fails on a field the buyer did not type in."""
    account_create(first_name="J" * 150, last_name="P" * 150)
    client.login(username="picard", password=PASSWORD)
    content = client.get("/billing/").content.decode()
    name = re.search(r'name="name" value="([^"]*)"', content).group(1)
    assert name == "J" * 150 + " " + "P" * 150
    response = client.post("/billing/", shop_form("jean-luc@enterprise.example", name))
    assert response.status_code == 302
    [bill] = Bill.scan()
    assert bill.name == name


def test_the_pdf_wraps_a_long_name_and_writes_the_date_as_the_page_does(client):
    long_name, email = "N" * 100, "jean-luc.picard@enterprise.example"
    buy(client, email=email, name=long_name)
    [bill] = Bill.scan()
    text = pdf_text(client.get(f"/billing/bills/{bill.token}/pdf").content)
    shown = re.findall(r"\((.*?)\) Tj", text)
    start = next(n for n, line in enumerate(shown) if line.split(" ")[0] == "To")
    to_lines = shown[start : start + 3]
    # Wrapped onto lines of the page's width, the address whole at the end, not run off the page.
    assert "".join(to_lines).replace(" ", "") == f"To{long_name}<{email}>"
    assert to_lines[-1].endswith(f" <{email}>")
    assert max(map(len, to_lines)) < 90
    page = client.get(f"/billing/bills/{bill.token}/").content.decode()
    issued = re.search(r"Issued <time[^>]*>([^<]+)</time>", page).group(1)
    assert f"Issued {issued}" in shown
    assert re.fullmatch(r"[1-9]\d? [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC", issued)


def test_purchases_are_rate_limited_per_address(client, settings):
    settings.BILLING_RATE_PER_IP = "2/h"
    assert [buy(client).status_code for _ in range(3)] == [302, 302, 429]
    assert item_count(Bill) == 2


@pytest.mark.parametrize("token", ["x" * 32, "short", "a" * 300, "%00" * 11])
def test_unknown_or_malformed_bill_links_are_404(client, token):
    assert client.get(f"/billing/bills/{token}/").status_code == 404
    assert client.get(f"/billing/bills/{token}/pdf").status_code == 404


def test_staff_see_the_years_bills_newest_first(client):
    for n in range(3):
        buy(client, email=f"b{n}@example.com", ip=f"192.0.2.{n}")
    sign_in(client, staff_create(superuser=False))
    content = client.get("/billing/bills/").content.decode()
    found = re.findall(rf">({YEAR}-\d{{6}})</a>", content)
    assert found == [f"{YEAR}-000003", f"{YEAR}-000002", f"{YEAR}-000001"]


def test_others_cannot_list_bills(signed_in):
    response = signed_in.get("/billing/bills/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_bad_year_in_the_staff_list_is_not_an_error(client):
    sign_in(client, staff_create(superuser=False))
    assert client.get("/billing/bills/?year=banana").status_code == 200
    assert client.get("/billing/bills/?year=99999999999").status_code == 200


def test_the_shop_form_carries_an_idempotency_key(client):
    assert 'type="hidden" name="idempotency_key"' in client.get("/billing/").content.decode()


def test_a_purchase_sent_twice_gives_one_payment_and_one_bill(client):
    form = shop_form("buyer@example.com", key="p" * 32)
    first = client.post("/billing/", form, REMOTE_ADDR="198.51.100.40")
    second = client.post("/billing/", form, REMOTE_ADDR="198.51.100.40", follow=True)
    assert second.redirect_chain[0][0] == first["Location"]
    assert "already paid" in second.content.decode()
    assert item_count(Bill) == 1
    assert item_count(Purchase) == 1
    assert len(mail.outbox) == 1


def test_a_purchase_sent_many_times_at_once_gives_one_bill_and_one_charge():
    form = shop_form("buyer@example.com", key="q" * 32)
    start = threading.Barrier(5)
    statuses = []

    def purchase(n):
        client = Client()
        start.wait()
        statuses.append(client.post("/billing/", form, REMOTE_ADDR=f"203.0.113.{n}").status_code)

    threads = [threading.Thread(target=purchase, args=(n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # One request paid; the others found the payment under way, or paid.
    assert set(statuses) <= {200, 302}
    assert 302 in statuses
    [bill] = Bill.scan()
    assert bill.number == f"{YEAR}-000001"
    assert BillCounter.get(str(YEAR)).last == 1
    assert len(charges_of(bill.payment_reference)) == 1
    assert len(mail.outbox) == 1
    # Payments the other requests created and never confirmed are cancelled.
    others = [i for i in intents_of("q" * 32) if i["id"] != bill.payment_reference]
    assert {i["status"] for i in others} <= {"canceled"}


def test_a_purchase_that_fails_after_payment_is_recorded_and_completed_by_a_retry(
    client, dynamodb_proxy
):
    client.raise_request_exception = False
    form = shop_form("buyer@example.com", key="r" * 32)
    with dynamodb_proxy.broken("throttle", operation="TransactWriteItems"):
        assert client.post("/billing/", form).status_code == 503
    [purchase] = Purchase.scan()
    assert purchase.payment_reference is not None  # paid, and the payment is on record
    assert purchase.billed is None
    assert item_count(Bill) == 0
    response = client.post("/billing/", form)
    [bill] = Bill.scan()
    assert response["Location"] == f"/billing/bills/{bill.token}/"
    assert bill.payment_reference == purchase.payment_reference
    assert Purchase.get(purchase.key).billed is not None
    assert bill.number == f"{YEAR}-000001"
