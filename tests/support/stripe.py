"""The tests' localstripe, card tokens from it, and webhook events signed as Stripe signs them.

The run starts its own localstripe, in memory, on a free port (tests/conftest.py),
as it starts DynamoDB Local. Tokens are made through the door Stripe.js uses
(``POST /v1/tokens`` with the publishable key), so a purchase through the test
client is the browser's purchase without the browser. localstripe sends no
refund events and registers no webhook here: tests post events themselves,
signed with the SDK's own helper (``stripe.WebhookSignature``).
"""

from __future__ import annotations

import json
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from subprocess import Popen

from apps.billing import local_stripe

# Stripe's test cards (https://docs.stripe.com/testing), as localstripe knows them
# (localstripe/resources.py: PaymentMethod._requires_authentication and friends).
GOOD_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000002"  # declined when attached to the customer
DECLINED_ON_CHARGE = "4000000000000341"  # attaches, then the charge is declined
AUTHENTICATED_CARD = "4000002500003155"  # the bank asks the buyer to authenticate
WEBHOOK = "/api/billing/stripe-webhook"


@dataclass
class LocalStripe:
    port: int
    process: Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def start_localstripe() -> LocalStripe:
    port = local_stripe.free_port()
    log = Path(__file__).resolve().parents[2] / ".dynamodb" / "localstripe-tests.log"
    log.parent.mkdir(exist_ok=True)
    return LocalStripe(port, local_stripe.start(port, state=None, log=log))


def _call(method: str, path: str, data: dict | None = None, key: str | None = None) -> dict:
    from django.conf import settings

    body = urllib.parse.urlencode(data or {}).encode() if data is not None else None
    request = urllib.request.Request(  # noqa: S310 - the run's localstripe
        settings.STRIPE_API_BASE + path,
        data=body,
        method=method,
        headers={"Authorization": f"Bearer {key or settings.STRIPE_SECRET_KEY}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.load(response)


def card_token(number: str = GOOD_CARD) -> str:
    """A token for the card, made as Stripe.js's ``createToken`` makes it."""
    from django.conf import settings

    fields = {"number": number, "exp_month": "12", "exp_year": "2030", "cvc": "123"}
    data = {f"card[{name}]": value for name, value in fields.items()}
    data["key"] = settings.STRIPE_PUBLISHABLE_KEY
    request = urllib.request.Request(  # noqa: S310 - the run's localstripe
        settings.STRIPE_API_BASE + "/v1/tokens", data=urllib.parse.urlencode(data).encode()
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.load(response)["id"]


def intent_get(intent_id: str) -> dict:
    return _call("GET", f"/v1/payment_intents/{intent_id}")


def intent_authenticate(intent: dict, *, success: bool) -> dict:
    """What localstripe's Stripe.js does when the buyer completes (or fails) the bank's step."""
    from django.conf import settings

    query = urllib.parse.urlencode({"success": "true" if success else "false"})
    body = {"client_secret": intent["client_secret"], "key": settings.STRIPE_PUBLISHABLE_KEY}
    request = urllib.request.Request(  # noqa: S310 - the run's localstripe
        f"{settings.STRIPE_API_BASE}/v1/payment_intents/{intent['id']}/_authenticate?{query}",
        data=json.dumps(body).encode(),
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.load(response)


def intents_of(purchase_key: str) -> list[dict]:
    """The payments created for a purchase (its key is in their metadata)."""
    intents = _call("GET", "/v1/payment_intents?limit=100")["data"]
    return [i for i in intents if (i.get("metadata") or {}).get("purchase") == purchase_key]


def charges_of(intent_id: str) -> list[dict]:
    """The charges made for a payment (what the card was charged)."""
    intent = intent_get(intent_id)
    charge = intent.get("latest_charge")
    return [charge] if charge else []


def event(kind: str, obj: dict, *, event_id: str | None = None, created: int | None = None):
    """A Stripe event around ``obj``, as the webhook receives it."""
    return {
        "id": event_id or f"evt_test_{time.monotonic_ns()}",
        "object": "event",
        "type": kind,
        "created": created or int(time.time()),
        "data": {"object": obj},
    }


def signed(payload: bytes, *, secret: str | None = None, timestamp: int | None = None) -> str:
    """The Stripe-Signature header of ``payload``, made by the SDK's helper."""
    import stripe
    from django.conf import settings

    return stripe.WebhookSignature.generate_signature_header(
        payload.decode(), secret or settings.STRIPE_WEBHOOK_SECRET, timestamp=timestamp
    )


def deliver(client, document: dict, **signing):
    """POST an event to the webhook, signed (``signing``: another secret, an old timestamp)."""
    payload = json.dumps(document).encode()
    return client.post(
        WEBHOOK,
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signed(payload, **signing),
    )
