"""The billing JSON API, for the site's OpenAPI document (apps/core/http/openapi.py)."""

from apps.billing.signatures import SIGNATURE_MAX_LENGTH
from apps.core.http.openapi import ERROR, error_response

SIGNATURE = {"type": "string", "maxLength": SIGNATURE_MAX_LENGTH}

BILL = {
    "type": "object",
    "required": ["number", "email", "amount", "currency", "issued_at", "key_id", "refunded_at"],
    "properties": {
        "number": {"type": "string", "example": "2026-000042"},
        "email": {"type": "string"},
        "amount": {"type": "string", "example": "5.00"},
        "currency": {"type": "string", "example": "EUR"},
        "issued_at": {"type": "string", "format": "date-time"},
        "key_id": {"type": "string", "description": "Which signing key vouched for the bill."},
        "refunded_at": {
            "type": "string",
            "format": "date-time",
            "nullable": True,
            "description": "When the bill was refunded; null when it was not. The signature "
            "still verifies after a refund.",
        },
    },
}

REFUSAL = {
    **ERROR,
    "required": ["authentic", "error"],
    "properties": {"authentic": {"type": "boolean", "enum": [False]}, **ERROR["properties"]},
}

PATHS = {
    "/api/billing/verify": {
        "post": {
            "operationId": "verifyBillSignature",
            "summary": "Check a bill's electronic signature",
            "description": "The signature as the raw body (the tutorial's contract) or as JSON.",
            "requestBody": {
                "required": True,
                "content": {
                    "text/plain": {"schema": SIGNATURE},
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["signature"],
                            "properties": {"signature": SIGNATURE},
                        }
                    },
                },
            },
            "responses": {
                "200": {
                    "description": "Authentic: the bill the signature vouches for.",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["authentic", "bill"],
                                "properties": {
                                    "authentic": {"type": "boolean", "enum": [True]},
                                    "bill": BILL,
                                },
                            }
                        }
                    },
                },
                "400": {
                    "description": "Not an authentic signature, no signature sent, or a JSON "
                    "body that is not an object with a string `signature`.",
                    "content": {"application/json": {"schema": REFUSAL}},
                },
                "429": error_response("Too many checks from this address; see `Retry-After`."),
            },
        }
    },
    "/api/billing/stripe-webhook": {
        "post": {
            "operationId": "stripeWebhook",
            "summary": "Stripe's webhook (Stripe calls it; no one else can)",
            "description": "A Stripe event, signed in `Stripe-Signature` with the stage's "
            "webhook secret. `payment_intent.succeeded` bills the purchase, `charge.refunded` "
            "marks its bill refunded; other types are ignored. Deliveries may repeat and "
            "come in any order: each event takes effect once.",
            "parameters": [
                {
                    "name": "Stripe-Signature",
                    "in": "header",
                    "required": True,
                    "schema": {"type": "string"},
                }
            ],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["id", "type", "created"],
                            "description": "Stripe's event: `data.object` is the payment "
                            "or the charge it is about.",
                            "properties": {
                                "id": {"type": "string", "example": "evt_1Q2w3E"},
                                "type": {"type": "string", "example": "payment_intent.succeeded"},
                                "created": {"type": "integer"},
                            },
                        }
                    }
                },
            },
            "responses": {
                "200": {
                    "description": "Handled, or ignored (an event type the site does not use).",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["received", "handled"],
                                "properties": {
                                    "received": {"type": "boolean", "enum": [True]},
                                    "handled": {"type": "boolean"},
                                },
                            }
                        }
                    },
                },
                "400": error_response(
                    "The signature is missing, stale or wrong, or the body is no Stripe event: "
                    "nothing was done."
                ),
            },
        }
    },
}
