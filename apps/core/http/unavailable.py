"""The answers to DynamoDB's failures: a 503 when it is unavailable, a 400 for bad input.

The user gets a page (JSON under /api/) that says to try again shortly, with
``Retry-After``, and the log says why; what each failure means is decided in
apps/core/dynamodb/failures.py.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from apps.core.dynamodb.failures import invalid_input_reason, unavailable_reason
from apps.core.http.jsonapi import error_response
from apps.core.http.responses import wants_json
from apps.core.site import site_context

logger = logging.getLogger("apps.core.dynamodb")

RETRY_AFTER_SECONDS = 5
MESSAGE = "The site's database is not answering right now. Please try again in a few seconds."
INVALID_INPUT = "The request holds a value the site cannot store."


def unavailable_response(request: HttpRequest, reason: str) -> HttpResponse:
    logger.error("DynamoDB unavailable for %s %s: %s", request.method, request.path, reason)
    if wants_json(request):
        response = error_response(MESSAGE, 503)
    else:
        # No request context: the user and session may be what cannot be read.
        body = render_to_string("503.html", {"message": MESSAGE, **site_context()})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def invalid_input_response(request: HttpRequest, reason: str) -> HttpResponse:
    logger.warning("DynamoDB refused input of %s %s: %s", request.method, request.path, reason)
    if wants_json(request):
        return error_response(INVALID_INPUT, 400)
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
