"""Telling "DynamoDB is unavailable" apart from a bug, and answering it with a 503.

An unreachable endpoint, a timeout, throttling beyond the retries, a server
error or a missing table is not the user's fault and not a bug in the page:
the user gets a 503 page (JSON under /api/) that says to try again shortly,
and the log says why. Any other error is left to propagate as a 500.
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
UNAVAILABLE_CODES = {
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
    "ResourceNotFoundException",
}
NETWORK_ERRORS = (botocore.exceptions.ConnectionError, botocore.exceptions.HTTPClientError)
MESSAGE = "The site's database is not answering right now. Please try again in a few seconds."


def unavailable_reason(error: BaseException | None) -> str | None:
    """Why DynamoDB could not serve the request, or None if the error is something else.

    PynamoDB wraps botocore's errors (``error.cause``); a few calls raise them bare.
    """
    if isinstance(error, TableDoesNotExist):
        return f"table missing: {error.msg} (run `manage.py dynamodb_tables create`)"
    if isinstance(error, PynamoDBException):
        error = error.cause
    if isinstance(error, NETWORK_ERRORS):
        return f"{type(error).__name__}: {error}"
    if isinstance(error, botocore.exceptions.ClientError):
        code = error.response.get("Error", {}).get("Code")
        if code in UNAVAILABLE_CODES:
            hint = (
                " (run `manage.py dynamodb_tables create`)"
                if code == "ResourceNotFoundException"
                else ""
            )
            return f"{code}: {error.response['Error'].get('Message')}{hint}"
    return None


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
