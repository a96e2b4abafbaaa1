"""Stripe's webhook: signatures, replays, reordering, concurrent deliveries, refunds."""

import json
import threading
import time

import pytest
from django.contrib.admin.utils import quote
from django.core import mail
from django.test import Client

from apps.accounts.selectors import user_get
from apps.accounts.services import user_save
from apps.billing.models import Bill, BillCounter, Purchase
from apps.billing.webhooks import BAD_SIGNATURE
from tests.support.accounts import sign_in, staff_create
from tests.support.billing import bill_bought, shop_form
from tests.support.dynamodb import item_count
from tests.support.dynamodb_calls import dynamodb_calls
from tests.support.stripe import WEBHOOK, deliver, event, intent_get


@pytest.fixture
def paid_unbilled(client, dynamodb_proxy):
    """A purchase Stripe charged whose page died before the bill (DynamoDB throttled)."""
    client.raise_request_exception = False
    with dynamodb_proxy.broken("throttle", operation="TransactWriteItems"):
        assert client.post("/billing/", shop_form("buyer@example.com")).status_code == 503
    [purchase] = Purchase.scan()
    mail.outbox.clear()
    return event("payment_intent.succeeded", intent_get(purchase.payment_reference))


@pytest.mark.parametrize(
    "signing",
    [
        {"secret": "whsec_not_the_sites"},
        {"timestamp": int(time.time()) - 301},  # stale: the SDK's tolerance is 300 s
    ],
)
def test_a_wrong_or_stale_signature_is_400_and_does_nothing(client, paid_unbilled, signing):
    response = deliver(client, paid_unbilled, **signing)
    assert response.status_code == 400
    assert response.json() == {"error": BAD_SIGNATURE}
    assert item_count(Bill) == 0


def test_a_missing_signature_or_a_bad_body_is_400(client, paid_unbilled):
    body = json.dumps(paid_unbilled)
    assert client.post(WEBHOOK, body, content_type="application/json").status_code == 400
    response = deliver(client, {"id": "evt_1", "type": "payment_intent.succeeded"})
    assert response.status_code == 400  # signed, but no event the site can read
    assert client.get(WEBHOOK).status_code == 405
    assert item_count(Bill) == 0


def test_unknown_event_types_are_200_and_ignored(client):
    response = deliver(client, event("customer.created", {"id": "cus_1"}))
    assert response.status_code == 200
    assert response.json() == {"received": True, "handled": False}


def test_the_webhook_bills_a_paid_purchase_once_however_often_it_comes(
    client, paid_unbilled, caplog
):
    with dynamodb_calls() as calls:
        assert deliver(Client(), paid_unbilled).json() == {"received": True, "handled": True}
    assert not [table for _, table in calls if "sessions" in table]  # no session read
    [bill] = Bill.scan()
    assert [m.subject for m in mail.outbox] == [f"Your bill {bill.number}"]
    for _ in range(2):  # replayed
        assert deliver(client, paid_unbilled).status_code == 200
    assert item_count(Bill) == 1
    assert len(mail.outbox) == 1
    assert paid_unbilled["id"] in caplog.text
    assert "4242" not in caplog.text  # never the card


@pytest.mark.slow
def test_twenty_concurrent_deliveries_make_one_bill_and_one_email(paid_unbilled):
    start = threading.Barrier(20)
    statuses = []

    def delivery():
        client = Client()
        start.wait()
        statuses.append(deliver(client, paid_unbilled).status_code)

    threads = [threading.Thread(target=delivery) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 20
    [bill] = Bill.scan()
    assert BillCounter.get(bill.year).last == 1  # gap-free
    assert len(mail.outbox) == 1


def test_an_old_event_after_the_refund_changes_nothing(client, riker):
    bill = bill_bought()
    intent = intent_get(bill.payment_reference)
    refunded = {"id": "ch_1", "object": "charge", "refunded": True, "payment_intent": intent["id"]}
    assert deliver(client, event("charge.refunded", refunded)).status_code == 200
    # The succeeded event comes late, after the refund's: still one bill, still refunded.
    assert deliver(client, event("payment_intent.succeeded", intent)).status_code == 200
    [stored] = Bill.scan()
    assert stored.refunded is not None
    assert [m.subject for m in mail.outbox] == [
        f"Your bill {bill.number}",
        f"Your bill {bill.number} was refunded",
    ]


def test_a_refund_through_the_admin_is_audited_told_and_shown_while_the_signature_verifies(
    client, riker
):
    bill = bill_bought(email="worf@enterprise.example")
    response = riker.post(
        "/admin/billing/bill/",
        {"action": "refund", "_selected_action": [bill.token]},
        follow=True,
    )
    assert "1 bill(s) refunded." in response.content.decode()
    assert intent_get(bill.payment_reference)["latest_charge"]["refunded"] is True
    refund_mail = mail.outbox[-1]
    assert refund_mail.subject == f"Your bill {bill.number} was refunded"
    assert refund_mail.to == ["worf@enterprise.example"]
    history = riker.get(f"/admin/billing/bill/{quote(bill.token)}/history/").content.decode()
    assert "Refunded" in history
    verdict = client.get(f"/billing/verify/{bill.signature}").content.decode()
    assert f"Authentic:</strong> bill {bill.number}" in verdict
    assert "Refunded on" in verdict
    api = client.post("/api/billing/verify", bill.signature, content_type="text/plain").json()
    assert api["authentic"] is True
    assert api["bill"]["refunded_at"].endswith("Z")
    # Stripe's event afterwards, and a second refund, change nothing and tell no one again.
    charge = intent_get(bill.payment_reference)["latest_charge"]
    assert deliver(client, event("charge.refunded", charge)).status_code == 200
    again = riker.post(
        "/admin/billing/bill/", {"action": "refund", "_selected_action": [bill.token]}, follow=True
    )
    assert f"Bill {bill.number} was already refunded." in again.content.decode()
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("permissions", "offered"),
    [({"billing.view_bill"}, False), ({"billing.view_bill", "billing.refund_bill"}, True)],
)
def test_only_staff_holding_the_refund_permission_are_offered_it(client, permissions, offered):
    user = staff_create("Troi", "troi@enterprise.example", superuser=False)
    stored = user_get(username="troi")
    stored.permissions = frozenset(permissions)
    user_save(stored)
    sign_in(client, user)
    page = client.get("/admin/billing/bill/").content.decode()
    assert ("Refund the selected bills" in page) is offered
