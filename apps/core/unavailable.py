"""Classifying DynamoDB's failures: a 503 when it is unavailable, a 400 for bad input.

Every failure of DynamoDB itself (an unreachable endpoint, a timeout, the
request's spent deadline, throttling beyond the retries, a server error, a
missing table, refused credentials) is not the user's fault and not a bug in
the page: the user gets a 503 page (JSON under /api/) that says to try again
shortly, and the log says why. DynamoDB's ValidationException means the
request carried a value DynamoDB cannot store (a number over 38 digits, an
oversized key): a 400. Any other error is left to propagate as a 500.
"""

from __future__ import annotations

import logging

import botocore.exceptions
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from pynamodb.exceptions import PynamoDBException, TableDoesNotExist

from apps.core.responses import wants_json
from apps.core.site import site_context

logger = logging.getLogger("apps.core.dynamodb")

RETRY_AFTER_SECONDS = 5
INVALID_INPUT_CODE = "ValidationException"
MISSING_TABLE_CODE = "ResourceNotFoundException"
MISSING_TABLE_HINT = " (run `manage.py dynamodb_tables create`)"
MESSAGE = "The site's database is not answering right now. Please try again in a few seconds."
INVALID_INPUT = "The request holds a value the site cannot store."


def unavailable_reason(error: BaseException | None) -> str | None:
    """Why DynamoDB could not serve the request, or None if the error is something else.

    PynamoDB wraps botocore's errors (``error.cause``); a few calls raise them bare.
    """
    if isinstance(error, TableDoesNotExist):
        return f"table missing: {error.msg}{MISSING_TABLE_HINT}"
    error = _botocore_error(error)
    if isinstance(error, botocore.exceptions.BotoCoreError):
        return f"{type(error).__name__}: {error}"
    if isinstance(error, botocore.exceptions.ClientError):
        code, message = _code_and_message(error)
        if code != INVALID_INPUT_CODE:
            hint = MISSING_TABLE_HINT if code == MISSING_TABLE_CODE else ""
            return f"{code}: {message}{hint}"
    return None


def invalid_input_reason(error: BaseException | None) -> str | None:
    """DynamoDB's message when it refused a value the request carried, else None."""
    error = _botocore_error(error)
    if isinstance(error, botocore.exceptions.ClientError):
        code, message = _code_and_message(error)
        if code == INVALID_INPUT_CODE:
            return message
    return None


def _botocore_error(error: BaseException | None) -> BaseException | None:
    return error.cause if isinstance(error, PynamoDBException) else error


def _code_and_message(error: botocore.exceptions.ClientError) -> tuple[str | None, str | None]:
    details = (error.response or {}).get("Error", {})
    return details.get("Code"), details.get("Message")


def unavailable_response(request: HttpRequest, reason: str) -> HttpResponse:
    logger.error("DynamoDB unavailable for %s %s: %s", request.method, request.path, reason)
    if wants_json(request):
        response = JsonResponse({"error": MESSAGE}, status=503)
    else:
        # No request context: the user and session may be what cannot be read.
        body = render_to_string("503.html", {"message": MESSAGE, **site_context()})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def invalid_input_response(request: HttpRequest, reason: str) -> HttpResponse:
    logger.warning("DynamoDB refused input of %s %s: %s", request.method, request.path, reason)
    if wants_json(request):
        return JsonResponse({"error": INVALID_INPUT}, status=400)
    body = render_to_string("400.html", {"message": INVALID_INPUT, **site_context()})
    return HttpResponse(body, status=400)


def dynamodb_error_response(
    request: HttpRequest, error: BaseException | None
) -> HttpResponse | None:
    """The 503 or 400 answer to a DynamoDB failure; None for any other error."""
    reason = unavailable_reason(error)
    if reason is not None:
        return unavailable_response(request, reason)
    reason = invalid_input_reason(error)
    if reason is not None:
        return invalid_input_response(request, reason)
    return None
