"""One JSON log line per request, for operators and for the cost model.

Each request served ends in one line on the ``apps.core.requests`` logger,
written bare (the whole line is one JSON object, so CloudWatch Logs Insights
finds its fields by itself; the README has queries)::

    {"request_id": "…", "method": "GET", "route": "shortener:redirect",
     "status": 301, "duration_ms": 4.1, "dynamodb_calls": 2,
     "read_units": 0.5, "write_units": 1.0, "cold_start": false}

``route`` is the URL pattern's name, never the path, so that secrets carried
in paths (reset tokens, capability URLs) cannot reach the log. The DynamoDB
figures come from the request's scope (apps/core/dynamodb/deadline.py): every call asks
DynamoDB for its ``ConsumedCapacity``, and a hook adds it up. ``cold_start``
is true for the first request a process, or a restored SnapStart environment,
serves.
"""

from __future__ import annotations

import json
import logging
import time

from django.http import HttpRequest, HttpResponse

from apps.core.dynamodb.deadline import RequestScope, current_scope

logger = logging.getLogger("apps.core.requests")

_cold = True


def cold_start_next() -> None:
    """The next request is the first of an environment (after init or a restore)."""
    global _cold
    _cold = True


def request_logged(request: HttpRequest, response: HttpResponse, started: float) -> None:
    global _cold
    if not logger.isEnabledFor(logging.INFO):  # off locally: build no line
        _cold = False
        return
    scope = current_scope()
    match = getattr(request, "resolver_match", None)
    line = {
        "request_id": _request_id(request, scope),
        "method": request.method,
        "route": match.view_name if match else None,
        "status": response.status_code,
        "duration_ms": round(1000 * (time.perf_counter() - started), 2),
        "dynamodb_calls": scope.calls if scope else 0,
        "read_units": scope.read_units if scope else 0.0,
        "write_units": scope.write_units if scope else 0.0,
        "cold_start": _cold,
    }
    _cold = False
    logger.info(json.dumps(line))


def _request_id(request: HttpRequest, scope: RequestScope | None) -> str | None:
    """Lambda's request id (it ties the line to the function's other logs), else the scope's."""
    context = request.META.get("lambda.context")
    return getattr(context, "aws_request_id", None) or (scope.request_id if scope else None)
