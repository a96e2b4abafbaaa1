"""Stripe slow or half-heard: a fault proxy in front of localstripe (tests/support/fault_proxy.py).

The purchase form's promise (README: Taking payments): a Stripe that hangs holds
the page no longer than its budget, says so, keeps what was typed and bills
nothing; a charge whose answer never came back is billed exactly once, by the
form sent again or by the sweep, and never charged twice.
"""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from apps.billing.models import Bill, Purchase
from apps.billing.services import purchases_settle_sweep
from apps.billing.stripe_api import UNAVAILABLE
from tests.support.billing import shop_form
from tests.support.dynamodb import item_count
from tests.support.fault_proxy import SLACK_SECONDS, FaultProxy, hung, span
from tests.support.stripe import charges_of

pytestmark = pytest.mark.slow


@pytest.fixture
def stripe_proxy(settings):
    """The site's Stripe calls go through a proxy to the run's localstripe."""
    proxy = FaultProxy(urlsplit(settings.STRIPE_API_BASE).port).start()
    settings.STRIPE_API_BASE = proxy.url
    yield proxy
    proxy.stop()


@pytest.fixture
def short_budget(settings):
    settings.STRIPE_REQUEST_BUDGET = 3.0
    settings.STRIPE_TIMEOUT = 1.0
    return settings.STRIPE_REQUEST_BUDGET + settings.STRIPE_CONNECT_TIMEOUT


def test_a_hanging_stripe_holds_the_page_no_longer_than_its_budget(
    client, stripe_proxy, short_budget
):
    form = shop_form("geordi@enterprise.example", "Geordi La Forge")
    with stripe_proxy.broken("hang"):
        response = client.post("/billing/", form)
        attempts = hung(stripe_proxy, at_least=2)  # the SDK retried while the budget lasted
    page = response.content.decode()
    assert response.status_code == 503
    assert UNAVAILABLE.split(".")[0] in page
    assert 'value="Geordi La Forge"' in page
    assert span(attempts) <= short_budget + SLACK_SECONDS
    assert item_count(Bill) == 0


def test_a_charge_whose_first_answer_was_lost_is_billed_by_the_sdks_retry(client, stripe_proxy):
    """The retry finds the payment confirmed already (Stripe refuses a second confirmation)."""
    with stripe_proxy.answers_lost(count=1, path="/confirm"):
        response = client.post("/billing/", shop_form("geordi@enterprise.example"))
    [purchase] = Purchase.scan()
    [bill] = Bill.scan()
    assert response["Location"] == f"/billing/bills/{bill.token}/"
    assert [c["status"] for c in charges_of(purchase.payment_reference)] == ["succeeded"]


def test_a_charge_whose_answers_were_lost_is_billed_once_when_the_form_is_sent_again(
    client, stripe_proxy
):
    form = shop_form("geordi@enterprise.example")
    with stripe_proxy.answers_lost(count=2, path="/confirm"):  # the try and the SDK's retry
        first = client.post("/billing/", form)
    assert first.status_code == 503
    assert UNAVAILABLE.split(".")[0] in first.content.decode()
    [purchase] = Purchase.scan()
    assert [c["status"] for c in charges_of(purchase.payment_reference)] == ["succeeded"]
    again = client.post("/billing/", form)
    [bill] = Bill.scan()
    assert again["Location"] == f"/billing/bills/{bill.token}/"
    assert [c["status"] for c in charges_of(purchase.payment_reference)] == ["succeeded"]


def test_a_charge_whose_answer_was_lost_and_whose_buyer_left_is_billed_by_the_sweep(
    client, stripe_proxy, settings
):
    with stripe_proxy.answers_lost(count=2, path="/confirm"):
        assert client.post("/billing/", shop_form("geordi@enterprise.example")).status_code == 503
    assert item_count(Bill) == 0
    later = timezone.now() + timedelta(seconds=settings.BILLING_SETTLE_AFTER + 1)
    assert purchases_settle_sweep(later).startswith("1 purchases billed")
    assert purchases_settle_sweep(later).startswith("0 purchases billed")
    [purchase] = Purchase.scan()
    [bill] = Bill.scan()
    assert bill.payment_reference == purchase.payment_reference
    assert len(charges_of(purchase.payment_reference)) == 1
