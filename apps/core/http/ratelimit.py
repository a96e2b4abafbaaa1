"""Rate limits on the DynamoDB cache, counted by django-ratelimit.

Views call ``limit_exceeded`` for each limit that applies and answer
``too_many_requests`` when one is exceeded: status 429, a ``Retry-After``
header, and a page (JSON under /api/) that says when to try again.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage

from apps.core.http.jsonapi import error_response
from apps.core.http.responses import wants_json


def client_ip(group: str, request: HttpRequest) -> str:
    """The caller's address as API Gateway saw it (a django-ratelimit key).

    X-Forwarded-For can be forged by the caller; API Gateway's own record of the
    source address, which Zappa passes on as ``lambda.event``, cannot.
    """
    context = (request.META.get("lambda.event") or {}).get("requestContext") or {}
    source = (context.get("http") or {}).get("sourceIp") or (context.get("identity") or {}).get(
        "sourceIp"
    )
    return source or request.META.get("REMOTE_ADDR", "")


def limit_exceeded(request: HttpRequest, *, group: str, key, rate) -> int | None:
    """Count this request against a limit; the seconds to wait when over it, else None."""
    usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    return max(1, math.ceil(usage["time_left"]))


def limit_reached(request: HttpRequest, *, group: str, key, rate) -> int | None:
    """Like ``limit_exceeded`` but counting nothing: the seconds to wait when the limit is used up.

    For limits on what was done rather than on what was asked: check with this,
    and call ``limit_count`` once the thing is done, so refused or failed
    requests cost nothing. Concurrent requests can pass the check together, so
    such a limit may be overshot by the number of requests in flight.
    """
    usage = get_usage(request, group=group, key=key, rate=rate, increment=False)
    if usage is None or usage["count"] < usage["limit"]:
        return None
    return max(1, math.ceil(usage["time_left"]))


def limit_count(request: HttpRequest, *, group: str, key, rate) -> None:
    """Count one done thing against a limit checked with ``limit_reached``."""
    get_usage(request, group=group, key=key, rate=rate, increment=True)


def wait_in_words(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{math.ceil(seconds / 60)} minutes"


def too_many_requests(
    request: HttpRequest,
    retry_after: int,
    what: str,
    *,
    template: str = "429.html",
    context: dict | None = None,
) -> HttpResponse:
    """429 saying ``what`` was limited and when to try again.

    A page may answer with its own ``template`` (and ``context``), e.g. its form
    with what the user typed, so that nothing is lost while they wait.
    """
    wait = wait_in_words(retry_after)
    if wants_json(request):
        message = f"Too many {what}. Try again in {wait}."
        response = error_response(message, 429, extra={"retry_after": retry_after})
    else:
        retry_at = datetime.now(UTC) + timedelta(seconds=retry_after)
        context = {**(context or {}), "what": what, "wait": wait, "retry_at": retry_at}
        response = render(request, template, context, status=429)
    response["Retry-After"] = str(retry_after)
    return response
