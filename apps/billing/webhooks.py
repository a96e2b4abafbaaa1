"""Stripe's webhook: POST /api/billing/stripe-webhook, the source of truth about payments.

Through the JSON door (apps/core/http/jsonapi.py), which refuses a body that
is not a JSON object with its own messages; CSRF-exempt, and nothing here
reads the session or the user, so a delivery costs no session read. The
signature is checked next, with the SDK's helper over the raw body
(apps/billing/stripe_api.py): missing, stale (over 300 s) or wrong answers 400
and does nothing. Then:

- ``payment_intent.succeeded``: the purchase named in the intent's metadata
  is billed, unless it was already (services.payment_succeeded);
- ``charge.refunded`` (in full): the payment's bill is marked refunded and
  its buyer told, unless it was already (services.payment_refunded);
- any other type: 200, ignored.

Stripe delivers at least once, in any order, and retries for days: a replay,
a reordering or concurrent deliveries of one event all end in one bill and one
email, because every write is conditional (services). The log gets the
event's id and type, never the payload (which names the card's last digits).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from django.http import JsonResponse

from apps.billing import services
from apps.core.http.jsonapi import ApiError, api_view, body_bytes, json_parsed

logger = logging.getLogger("apps.billing")

BAD_SIGNATURE = "The Stripe-Signature header is missing, stale or wrong."
# What the JSON door checks of an event before its signature (apps/core/http/jsonapi.py):
# a body it refuses costs nothing; the rest of the event is read once the signature holds.
EVENT_FIELDS = {"id": "string", "type": "string", "created": "integer"}
BAD_EVENT = "This is not a Stripe event the site can read."


@api_view(["POST"], fields=EVENT_FIELDS, lenient=True)
def stripe_webhook(request):
    """200 when the event was handled or ignored; 400 for a bad signature or event."""
    from apps.billing import stripe_api

    payload = body_bytes(request)
    try:
        stripe_api.signature_check(payload, request.headers.get("Stripe-Signature"))
    except stripe_api.BadSignature as error:
        logger.warning("billing.webhook_refused reason=%s", error)
        raise ApiError(BAD_SIGNATURE) from error
    event_id, kind, obj, created = _event(json_parsed(payload))
    handler = HANDLERS.get(kind)
    logger.info("billing.webhook event=%s type=%s handled=%s", event_id, kind, bool(handler))
    if handler is not None:
        try:
            handler(obj, created)
        except (KeyError, TypeError, ValueError) as error:
            raise ApiError(BAD_EVENT) from error
    return JsonResponse({"received": True, "handled": handler is not None})


def _event(document) -> tuple[str, str, dict, datetime]:
    try:
        obj = document["data"]["object"]
        event_id, kind, created = document["id"], document["type"], document["created"]
        if not (isinstance(event_id, str) and isinstance(kind, str) and isinstance(obj, dict)):
            raise TypeError(kind)
        return event_id, kind, obj, datetime.fromtimestamp(int(created), tz=UTC)
    except (KeyError, TypeError, ValueError, OverflowError, OSError) as error:
        raise ApiError(BAD_EVENT) from error


def _payment_succeeded(obj: dict, created: datetime) -> None:
    from apps.billing.stripe_api import Intent

    services.payment_succeeded(Intent.of(obj))


def _charge_refunded(obj: dict, created: datetime) -> None:
    if obj["refunded"] is True and isinstance(obj["payment_intent"], str):
        services.payment_refunded(intent_id=obj["payment_intent"], when=created)


HANDLERS = {
    "payment_intent.succeeded": _payment_succeeded,
    "charge.refunded": _charge_refunded,
}
