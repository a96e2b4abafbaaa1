"""Billing's JSON API: POST /api/billing/verify checks a bill's signature.

The signature comes as the raw body (the tutorial's contract) or as a JSON
object through the JSON door (apps/core/http/jsonapi.py); VerifyForm checks it.
Every refusal says ``"authentic": false`` beside its error.
"""

from django.http import JsonResponse

from apps.billing.forms import VerifyForm
from apps.billing.limits import VERIFY_LIMITED, verify_limited
from apps.billing.selectors import bill_refunded_at, signature_check
from apps.core.dates import machine_text
from apps.core.http.jsonapi import ApiError, api_view, body_bytes, form_errors
from apps.core.http.ratelimit import too_many_requests

NOT_AUTHENTIC = "This is not an authentic signature."
NO_SIGNATURE = 'Send the signature as the body, or as JSON {"signature": "..."}.'
# The JSON type of each field of a JSON body; the form checks the value.
FIELDS = {"signature": "string"}


@api_view(["POST"], fields=FIELDS, plain_text=True, error_fields={"authentic": False})
def verify(request):
    """200 with the bill the signature vouches for; 400 when it vouches for none.

    The limit counts checks: a request without a signature costs nothing.
    """
    signature = _posted_signature(request)
    retry_after = verify_limited(request)
    if retry_after:
        return too_many_requests(request, retry_after, VERIFY_LIMITED)
    signed = signature_check(signature)
    if signed is None:
        raise ApiError(NOT_AUTHENTIC)
    bill = {**bill_json(signed), "refunded_at": _moment(bill_refunded_at(signed))}
    return JsonResponse({"authentic": True, "bill": bill})


def _posted_signature(request) -> str | bytes:
    if request.json is None:  # the raw body is the signature
        raw = body_bytes(request)
        if not raw:
            raise ApiError(NO_SIGNATURE)
        return raw
    form = VerifyForm(request.json)
    if not form.is_valid():
        raise form_errors(form)
    return form.cleaned_data["signature"]


def bill_json(signed) -> dict:
    return {
        "number": signed.number,
        "email": signed.email,
        "amount": signed.amount,
        "currency": signed.currency,
        "issued_at": machine_text(signed.issued),
        "key_id": signed.key_id,
    }


def _moment(value) -> str | None:
    return None if value is None else machine_text(value)
