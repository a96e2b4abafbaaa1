"""Paying through Stripe (localstripe): declines, the bank's authentication, Stripe down,
a purchase key sent by someone else, and the sweep that bills what the webhook missed."""

import re
from datetime import timedelta

from django.core import mail
from django.test import Client
from django.utils import timezone

from apps.billing.models import Bill, Purchase
from apps.billing.services import ABANDONED, NOT_YOURS, purchases_settle_sweep
from apps.billing.stripe_api import CARD_UNUSABLE, UNAVAILABLE
from tests.support.accounts import PASSWORD, account_create
from tests.support.billing import shop_form
from tests.support.dynamodb import item_count
from tests.support.stripe import (
    AUTHENTICATED_CARD,
    DECLINED_CARD,
    DECLINED_ON_CHARGE,
    charges_of,
    intent_authenticate,
    intent_get,
)


def key_of(page: str) -> str:
    return re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)


def test_a_declined_card_says_so_keeps_what_was_typed_and_bills_nothing(client):
    for card in (DECLINED_CARD, DECLINED_ON_CHARGE):
        form = shop_form("deanna@enterprise.example", "Deanna Troi", card=card)
        response = client.post("/billing/", form)
        page = response.content.decode()
        assert response.status_code == 200
        assert "Your card was declined." in page
        assert 'value="deanna@enterprise.example"' in page
        assert 'value="Deanna Troi"' in page
        assert key_of(page) != form["idempotency_key"]  # the next try is a new purchase
    assert item_count(Bill) == 0
    assert mail.outbox == []
    declined = [p for p in Purchase.scan() if p.payment_reference]
    assert [charge["status"] for p in declined for charge in charges_of(p.payment_reference)] == [
        "failed"
    ]


def test_a_card_token_stripe_does_not_know_asks_for_the_card_again(client):
    form = {**shop_form("deanna@enterprise.example"), "card_token": "tok_" + "x" * 24}
    response = client.post("/billing/", form)
    page = response.content.decode()
    assert response.status_code == 200
    assert CARD_UNUSABLE in page
    assert 'value="deanna@enterprise.example"' in page
    assert item_count(Bill) == 0


def test_a_declined_form_sent_again_charges_nothing_more(client):
    form = shop_form("deanna@enterprise.example", card=DECLINED_ON_CHARGE)
    client.post("/billing/", form)
    again = client.post("/billing/", form).content.decode()
    assert "Your card was declined." in again
    [purchase] = Purchase.scan()
    assert len(charges_of(purchase.payment_reference)) == 1
    assert item_count(Bill) == 0


def test_the_banks_authentication_then_the_return_page_bills_once(client):
    form = shop_form("data@enterprise.example", card=AUTHENTICATED_CARD)
    response = client.post("/billing/", form)
    page = response.content.decode()
    assert "Your bank asks you to confirm this payment." in page
    [purchase] = Purchase.scan()
    intent = intent_get(purchase.payment_reference)
    assert f'data-client-secret="{intent["client_secret"]}"' in page
    assert item_count(Bill) == 0
    intent_authenticate(intent, success=True)  # what Stripe.js does when the buyer confirms
    back = client.get(f"/billing/purchases/{purchase.key}/", follow=True)
    [bill] = Bill.scan()
    assert back.redirect_chain[-1][0] == f"/billing/bills/{bill.token}/"
    assert "Paid. Bill" in back.content.decode()
    assert client.get(f"/billing/purchases/{purchase.key}/")["Location"].endswith(f"/{bill.token}/")
    assert len(mail.outbox) == 1


def test_an_authentication_the_buyer_fails_bills_nothing_and_says_so(client):
    client.post("/billing/", shop_form("data@enterprise.example", card=AUTHENTICATED_CARD))
    [purchase] = Purchase.scan()
    intent_authenticate(intent_get(purchase.payment_reference), success=False)
    page = client.get(f"/billing/purchases/{purchase.key}/").content.decode()
    assert "failed authentication" in page
    assert 'value="data@enterprise.example"' in page
    assert item_count(Bill) == 0
    assert charges_of(purchase.payment_reference) == []


def test_stripe_unreachable_is_a_clear_503_that_keeps_the_form_and_bills_nothing(client, settings):
    form = shop_form("geordi@enterprise.example", "Geordi")
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    response = client.post("/billing/", form)
    page = response.content.decode()
    assert response.status_code == 503
    assert UNAVAILABLE.split(".")[0] in page
    assert key_of(page) == form["idempotency_key"]  # sent again, it pays once
    assert 'value="Geordi"' in page
    assert item_count(Bill) == 0


def test_another_buyer_sending_the_same_key_starts_nothing_and_sees_nothing(client):
    account_create()
    form = shop_form("buyer@example.com", key="s" * 32)
    first = client.post("/billing/", form)
    [bill] = Bill.scan()
    other = Client()
    assert other.login(username="picard", password=PASSWORD)
    stolen = {**form, "email": "jean-luc@enterprise.example"}
    response = other.post("/billing/", stolen)
    page = response.content.decode()
    assert response.status_code == 200
    assert NOT_YOURS in page
    assert bill.token not in page
    assert bill.number not in page
    assert other.get(f"/billing/purchases/{'s' * 32}/").status_code == 404
    assert item_count(Bill) == 1
    assert first["Location"] == f"/billing/bills/{bill.token}/"


def test_the_sweep_bills_a_paid_purchase_whose_page_and_webhook_were_lost(
    client, dynamodb_proxy, settings
):
    client.raise_request_exception = False
    with dynamodb_proxy.broken("throttle", operation="TransactWriteItems"):
        assert client.post("/billing/", shop_form("buyer@example.com")).status_code == 503
    [purchase] = Purchase.scan()
    assert purchase.unsettled
    assert item_count(Bill) == 0
    assert purchases_settle_sweep(timezone.now()).startswith("0 purchases billed")  # too soon
    later = timezone.now() + timedelta(seconds=settings.BILLING_SETTLE_AFTER + 1)
    assert purchases_settle_sweep(later).startswith("1 purchases billed")
    [bill] = Bill.scan()
    assert bill.payment_reference == purchase.payment_reference
    assert Purchase.get(purchase.key).unsettled is None
    assert [message.subject for message in mail.outbox] == [f"Your bill {bill.number}"]
    assert purchases_settle_sweep(later).startswith("0 purchases billed, 0 closed")


def test_the_sweep_cancels_an_authentication_the_buyer_abandoned(client, settings):
    client.post("/billing/", shop_form("data@enterprise.example", card=AUTHENTICATED_CARD))
    [purchase] = Purchase.scan()
    later = timezone.now() + timedelta(seconds=settings.BILLING_ABANDONED_AFTER + 1)
    assert "1 closed unpaid" in purchases_settle_sweep(later)
    assert intent_get(purchase.payment_reference)["status"] == "canceled"
    assert Purchase.get(purchase.key).declined
    page = client.get(f"/billing/purchases/{purchase.key}/").content.decode()
    assert ABANDONED in page
    assert item_count(Bill) == 0
