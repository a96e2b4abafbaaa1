"""Choosing between an HTML page and JSON for error answers."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def wants_json(request: HttpRequest) -> bool:
    """API paths (under /api/, whatever the stage prefix) and requests that sent JSON."""
    return request.path_info.startswith("/api/") or request.content_type == "application/json"


def method_not_allowed_page(request: HttpRequest, answer: HttpResponse) -> HttpResponse:
    """The page for a 405 ``answer`` (apps/core/http/middleware.py), with its Allow header."""
    page = render(request, "405.html", status=405)
    page["Allow"] = answer["Allow"]
    return page
